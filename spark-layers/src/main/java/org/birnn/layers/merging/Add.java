package org.birnn.layers.merging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.LayerBuilder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code Add}: the element-wise sum of inputs of one shape; the mask is the AND of theirs.
 */
public final class Add extends BaseLayer {
  /** Every key in Keras order. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .build();

  private Add(ConfigValues values) {
    super(values, "add");
  }

  /** A builder with Keras defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Add}. */
  public static final class Builder extends LayerBuilder<Add, Builder> {
    private Builder() {}

    @Override
    public Add build() {
      return new Add(TABLE.values("Add", "Add", given));
    }
  }

  /** Reads a Keras config dict. */
  public static Add fromConfig(JsonNode c) {
    return builder().read(TABLE, "Add", "Add", c, false).build();
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  @Override
  public String className() {
    return "Add";
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    if (in.size() < 2) {
      throw new IllegalArgumentException(this + " needs at least 2 inputs; received " + in.size());
    }
    for (long[] s : in) {
      if (s.length != in.get(0).length) {
        throw new IllegalArgumentException(
            this
                + ": inputs must have the same shape; received "
                + Arrays.toString(in.get(0))
                + " and "
                + Arrays.toString(s));
      }
      for (int i = 1; i < s.length; i++) {
        if (s[i] != in.get(0)[i] && s[i] >= 0 && in.get(0)[i] >= 0) {
          throw new IllegalArgumentException(
              this
                  + ": inputs must have the same shape; received "
                  + Arrays.toString(in.get(0))
                  + " and "
                  + Arrays.toString(s));
        }
      }
    }
    return List.of(in.get(0).clone());
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    List<long[]> shapes = new ArrayList<>();
    for (INDArray x : inputs) {
      shapes.add(x.shape());
    }
    outputShapes(shapes);
    INDArray y = inputs.get(0).dup();
    for (int i = 1; i < inputs.size(); i++) {
      y.addi(inputs.get(i));
    }
    return LayerCall.of(
        one(y),
        one(Merging.andMasks(masks)),
        d -> {
          List<INDArray> dx = new ArrayList<>();
          for (int i = 0; i < inputs.size(); i++) {
            dx.add(d.get(0));
          }
          return new LayerCall.Gradients(dx, List.of());
        });
  }
}
