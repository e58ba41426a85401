package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.saving.KerasJson;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras {@code Masking}: a time step of {@code [batch, time, features]} whose features all equal
 * {@code mask_value} (default 0.0) is masked for the layers after it, and zeroed in the output.
 */
public final class Masking extends BaseLayer {
  private static final Set<String> KEYS = Set.of("name", "trainable", "dtype", "mask_value");
  private final double maskValue;

  /**
   * @param maskValue the padding value (Keras default 0.0)
   */
  public Masking(double maskValue) {
    this(maskValue, null, true, "float32");
  }

  private Masking(double maskValue, String name, boolean trainable, String dtype) {
    super(name, trainable, dtype, "masking");
    this.maskValue = maskValue;
  }

  /** Reads a Keras config dict. */
  public static Masking fromConfig(JsonNode c) {
    KerasJson.rejectUnknownKeys(c, KEYS, "Masking");
    return new Masking(
        KerasJson.number(c, "mask_value", 0.0),
        KerasJson.string(c, "name", null),
        KerasJson.bool(c, "trainable", true),
        KerasJson.readDtype(c));
  }

  @Override
  public String className() {
    return "Masking";
  }

  @Override
  public ObjectNode getConfig() {
    ObjectNode c = header();
    c.put("mask_value", maskValue);
    return c;
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
