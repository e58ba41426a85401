package org.birnn.layers.merging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.LayerBuilder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Keras {@code Concatenate}: joins its inputs along {@code axis} (default -1, the features). Used
 * for example to join the forward and backward final states of a {@code return_state} Bidirectional
 * layer. The output mask is the AND of the input masks.
 */
public final class Concatenate extends BaseLayer {
  /** The axis; negative counts from the end (default -1). */
  public static final ConfigKey<Integer> AXIS = ConfigKey.integer("axis", -1);

  /** Every key in Keras order. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .key(AXIS)
          .build();

  private final int axis;

  private Concatenate(ConfigValues values) {
    super(values, "concatenate");
    this.axis = get(AXIS);
  }

  /** A builder with Keras defaults (the last axis). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Concatenate}. */
  public static final class Builder extends LayerBuilder<Concatenate, Builder> {
    private Builder() {}

    /** The axis; negative counts from the end (default -1). */
    public Builder axis(int axis) {
      return set(AXIS, axis);
    }

    @Override
    public Concatenate build() {
      return new Concatenate(TABLE.values("Concatenate", "Concatenate", given));
    }
  }

  /** Reads a Keras config dict. */
  public static Concatenate fromConfig(JsonNode c) {
    return builder().read(TABLE, "Concatenate", "Concatenate", c, false).build();
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  @Override
  public String className() {
    return "Concatenate";
  }

  private int axisFor(int rank) {
    int a = axis < 0 ? rank + axis : axis;
    if (a <= 0 || a >= rank) {
      throw new IllegalArgumentException(
          this
              + ": axis "
              + axis
              + " is out of range for inputs of rank "
              + rank
              + " (the batch axis cannot be concatenated)");
    }
    return a;
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    if (in.size() < 2) {
      throw new IllegalArgumentException(this + " needs at least 2 inputs; received " + in.size());
    }
    int rank = in.get(0).length;
    int a = axisFor(rank);
    long[] out = in.get(0).clone();
    out[a] = 0;
    for (long[] s : in) {
      if (s.length != rank) {
        throw new IllegalArgumentException(
            this + ": all inputs need the same rank; received shapes " + shapes(in));
      }
      for (int i = 1; i < rank; i++) {
        if (i != a && s[i] != in.get(0)[i] && s[i] >= 0 && in.get(0)[i] >= 0) {
          throw new IllegalArgumentException(
              this
                  + ": inputs must match on every axis but "
                  + axis
                  + "; received shapes "
                  + shapes(in));
        }
      }
      out[a] = out[a] < 0 || s[a] < 0 ? -1 : out[a] + s[a];
    }
    return List.of(out);
  }

  private static String shapes(List<long[]> in) {
    List<String> s = new ArrayList<>();
    for (long[] x : in) {
      s.add(Arrays.toString(x));
    }
    return s.toString();
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    List<long[]> shapes = new ArrayList<>();
    for (INDArray x : inputs) {
      shapes.add(x.shape());
    }
    outputShapes(shapes);
    int a = axisFor(inputs.get(0).rank());
    INDArray y = Nd4j.concat(a, inputs.toArray(new INDArray[0]));
    return LayerCall.of(
        one(y),
        one(Merging.andMasks(masks)),
        d -> {
          List<INDArray> dx = new ArrayList<>();
          long off = 0;
          for (INDArray x : inputs) {
            long n = x.size(a);
            if (d.get(0) == null) {
              dx.add(null);
            } else {
              INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
              for (int i = 0; i < idx.length; i++) {
                idx[i] = i == a ? NDArrayIndex.interval(off, off + n) : NDArrayIndex.all();
              }
              dx.add(d.get(0).get(idx).dup());
            }
            off += n;
          }
          return new LayerCall.Gradients(dx, List.of());
        });
  }
}
