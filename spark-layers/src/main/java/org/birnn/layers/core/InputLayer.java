package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.List;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.KerasJson;
import org.birnn.layers.saving.config.LayerBuilder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code InputLayer}: declares the input shape {@code batch_shape} ({@code -1} for unknown
 * batch or time) and passes its input through. Created by {@link org.birnn.layers.models.Input}.
 */
public final class InputLayer extends BaseLayer {
  /**
   * The full input shape including the batch axis ({@code -1}, written null, for unknown), of rank
   * at least 2; read from Keras 3's {@code batch_shape} or Keras 2's {@code batch_input_shape}.
   */
  public static final ConfigKey<long[]> BATCH_SHAPE =
      ConfigKey.<long[]>of(
              "batch_shape",
              null,
              (c, k, ctx) -> {
                JsonNode s =
                    c.has("batch_shape") ? c.get("batch_shape") : c.get("batch_input_shape");
                if (s == null || !s.isArray()) {
                  throw new IllegalArgumentException(
                      "InputLayer config needs 'batch_shape'; got " + c);
                }
                long[] shape = new long[s.size()];
                for (int i = 0; i < shape.length; i++) {
                  shape[i] = s.get(i).isNull() ? -1 : s.get(i).asLong();
                }
                return shape;
              },
              InputLayer::shapeJson)
          .check(
              (owner, v) -> {
                if (v == null || v.length < 2) {
                  throw new IllegalArgumentException(
                      "InputLayer needs a batch_shape of rank >= 2 ([batch, ...]); received "
                          + Arrays.toString(v));
                }
              });

  /** The input dtype name ({@code float32}, {@code int32}, ...), written as a plain string. */
  public static final ConfigKey<String> INPUT_DTYPE =
      ConfigKey.of(
          "dtype",
          "float32",
          (c, k, ctx) -> c.hasNonNull("dtype") ? KerasJson.readDtype(c) : "float32",
          TextNode::valueOf);

  /** Every key in Keras order. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(BATCH_SHAPE)
          .key(INPUT_DTYPE)
          .key(ConfigKeys.only("sparse", false))
          .key(ConfigKeys.only("ragged", false))
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.only("optional", false))
          .ignore("batch_input_shape")
          .build();

  private final long[] batchShape;

  private InputLayer(ConfigValues values) {
    super(values, "input_layer");
    this.batchShape = get(BATCH_SHAPE).clone();
  }

  /** A builder; the batch shape is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link InputLayer}. */
  public static final class Builder extends LayerBuilder<InputLayer, Builder> {
    private Builder() {}

    /** Required: the input shape including the batch axis, {@code -1} for unknown. */
    public Builder batchShape(long... batchShape) {
      return set(BATCH_SHAPE, batchShape.clone());
    }

    /** The input dtype name (default {@code float32}). */
    public Builder inputDtype(String dtype) {
      return set(INPUT_DTYPE, dtype == null ? "float32" : dtype);
    }

    @Override
    public InputLayer build() {
      return new InputLayer(TABLE.values("InputLayer", "InputLayer", given));
    }
  }

  /** Reads a Keras 3 ({@code batch_shape}) or Keras 2 ({@code batch_input_shape}) config. */
  public static InputLayer fromConfig(JsonNode c) {
    return builder().read(TABLE, "InputLayer", "InputLayer", c, false).build();
  }

  private static JsonNode shapeJson(long[] shape) {
    ArrayNode a = KerasJson.object().arrayNode();
    for (long d : shape) {
      if (d < 0) {
        a.addNull();
      } else {
        a.add(d);
      }
    }
    return a;
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  /** The declared input shape, batch axis included. */
  public long[] batchShape() {
    return batchShape.clone();
  }

  @Override
  public String className() {
    return "InputLayer";
  }

  /** None, as Keras's {@code InputLayer}: its shape is in its config. */
  @Override
  public ObjectNode getBuildConfig() {
    return null;
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    return List.of(batchShape.clone());
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    return LayerCall.of(inputs, masks, d -> new LayerCall.Gradients(d, List.of()));
  }
}
