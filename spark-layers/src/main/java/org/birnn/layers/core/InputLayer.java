package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.saving.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code InputLayer}: declares the input shape {@code batch_shape} ({@code -1} for unknown
 * batch or time) and passes its input through. Created by {@link org.birnn.layers.models.Input}.
 */
public final class InputLayer extends BaseLayer {
  private static final Set<String> KEYS =
      Set.of("batch_shape", "batch_input_shape", "dtype", "sparse", "ragged", "name", "optional");
  private final long[] batchShape;
  private final String inputDtype;

  /**
   * @param batchShape the full input shape including the batch axis, {@code -1} for unknown
   * @param dtype the input dtype name ({@code float32}, {@code int32}, ...)
   * @param name the layer name, or {@code null} for {@code input_layer[_n]}
   */
  public InputLayer(long[] batchShape, String dtype, String name) {
    super(name, true, "float32", "input_layer");
    if (batchShape == null || batchShape.length < 2) {
      throw new IllegalArgumentException(
          "InputLayer needs a batch_shape of rank >= 2 ([batch, ...]); received "
              + Arrays.toString(batchShape));
    }
    this.batchShape = batchShape.clone();
    this.inputDtype = dtype == null ? "float32" : dtype;
  }

  /** Reads a Keras 3 ({@code batch_shape}) or Keras 2 ({@code batch_input_shape}) config. */
  public static InputLayer fromConfig(JsonNode c) {
    KerasJson.rejectUnknownKeys(c, KEYS, "InputLayer");
    JsonNode s = c.has("batch_shape") ? c.get("batch_shape") : c.get("batch_input_shape");
    if (s == null || !s.isArray()) {
      throw new IllegalArgumentException("InputLayer config needs 'batch_shape'; got " + c);
    }
    long[] shape = new long[s.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.get(i).isNull() ? -1 : s.get(i).asLong();
    }
    JsonNode d = c.get("dtype");
    String dtype = d == null || d.isNull() ? "float32" : KerasJson.readDtype(c);
    return new InputLayer(shape, dtype, KerasJson.string(c, "name", null));
  }

  /** The declared input shape, batch axis included. */
  public long[] batchShape() {
    return batchShape.clone();
  }

  @Override
  public String className() {
    return "InputLayer";
  }

  @Override
  public ObjectNode getConfig() {
    ObjectNode c = KerasJson.object();
    ArrayNode a = c.putArray("batch_shape");
    for (long d : batchShape) {
      if (d < 0) {
        a.addNull();
      } else {
        a.add(d);
      }
    }
    c.put("dtype", inputDtype);
    c.put("sparse", false);
    c.put("ragged", false);
    c.put("name", name());
    c.put("optional", false);
    return c;
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
