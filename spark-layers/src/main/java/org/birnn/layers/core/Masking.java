package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.LayerBuilder;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras {@code Masking}: a time step of {@code [batch, time, features]} whose features all equal
 * {@code mask_value} (default 0.0) is masked for the layers after it, and zeroed in the output.
 */
public final class Masking extends BaseLayer {
  /** The padding value (default 0.0). */
  public static final ConfigKey<Double> MASK_VALUE = ConfigKey.number("mask_value", 0.0);

  /** Every key in Keras order. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .key(MASK_VALUE)
          .build();

  private final double maskValue;

  private Masking(ConfigValues values) {
    super(values, "masking");
    this.maskValue = get(MASK_VALUE);
  }

  /** A builder with Keras defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code Masking(mask_value=maskValue)}. */
  public static Masking of(double maskValue) {
    return builder().maskValue(maskValue).build();
  }

  /** Builder of {@link Masking}. */
  public static final class Builder extends LayerBuilder<Masking, Builder> {
    private Builder() {}

    /** The padding value (default 0.0). */
    public Builder maskValue(double maskValue) {
      return set(MASK_VALUE, maskValue);
    }

    @Override
    public Masking build() {
      return new Masking(TABLE.values("Masking", "Masking", given));
    }
  }

  /** Reads a Keras config dict. */
  public static Masking fromConfig(JsonNode c) {
    return builder().read(TABLE, "Masking", "Masking", c, false).build();
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  @Override
  public String className() {
    return "Masking";
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    if (in.get(0).length != 3) {
      throw new IllegalArgumentException(
          this + " expects [batch, time, features]; received rank " + in.get(0).length);
    }
    return List.of(in.get(0).clone());
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    INDArray x = inputs.get(0).castTo(dataType());
    outputShapes(List.of(x.shape()));
    // keep[b, t] = any(x[b, t, :] != mask_value), in one pass over the data: per-step ND4J calls
    // cost more than the whole layer at sequence sizes.
    INDArray xc = dense(x);
    int steps = Math.toIntExact(x.size(0) * x.size(1));
    int width = Math.toIntExact(x.length() / Math.max(1, steps));
    // Compared in the layer's precision, as Keras does (0.1 as float32 equals float32 0.1).
    double padding =
        x.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
            ? (double) (float) maskValue
            : maskValue;
    boolean[] keepSteps = new boolean[steps];
    boolean allKept = true;
    DataBuffer data = xc.data();
    for (int s = 0; s < steps; s++) {
      boolean kept = false;
      for (int f = 0; f < width && !kept; f++) {
        kept = data.getDouble((long) s * width + f) != padding;
      }
      keepSteps[s] = kept;
      allKept &= kept;
    }
    INDArray keep = Nd4j.createFromArray(keepSteps).reshape(x.size(0), x.size(1));
    boolean noneMasked = allKept;
    INDArray y = noneMasked ? x : zeroMasked(xc.dup('c'), keepSteps, width);
    return LayerCall.of(
        one(y),
        one(keep),
        d -> {
          INDArray dy = d.get(0);
          if (dy == null) {
            return new LayerCall.Gradients(one(null), List.of());
          }
          INDArray dx = noneMasked ? dy : zeroMasked(dy.dup('c'), keepSteps, width);
          return new LayerCall.Gradients(one(dx), List.of());
        });
  }

  /** {@code a} as a dense c-order array at its buffer's start (a copy only when it is not). */
  private static INDArray dense(INDArray a) {
    return Tensors.isDense(a) ? a : a.dup('c');
  }

  /** Zeroes, in place, the steps of dense {@code a [batch, time, width]} that are not kept. */
  private static INDArray zeroMasked(INDArray a, boolean[] keep, int width) {
    DataBuffer data = a.data();
    for (int s = 0; s < keep.length; s++) {
      if (!keep[s]) {
        for (int f = 0; f < width; f++) {
          data.put((long) s * width + f, 0.0);
        }
      }
    }
    return a;
  }
}
