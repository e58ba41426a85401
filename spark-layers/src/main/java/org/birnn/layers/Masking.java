package org.birnn.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.birnn.layers.internal.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    // keep[b, t] = any(x[b, t, :] != mask_value)
    INDArray keep = x.neq(maskValue).castTo(dataType()).max(2).gt(0.0);
    INDArray k = keep.castTo(dataType());
    INDArray y = x.dup('c');
    for (long t = 0; t < x.size(1); t++) {
      y.get(
              org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.point(t),
              org.nd4j.linalg.indexing.NDArrayIndex.all())
          .muliColumnVector(k.getColumn(t).reshape(x.size(0), 1));
    }
    return call(
        one(y),
        one(keep),
        d -> {
          INDArray dy = d.get(0);
          if (dy == null) {
            return new LayerCall.Backprop(one(null), List.of());
          }
          INDArray dx = dy.dup('c');
          for (long t = 0; t < x.size(1); t++) {
            dx.get(
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(t),
                    org.nd4j.linalg.indexing.NDArrayIndex.all())
                .muliColumnVector(k.getColumn(t).reshape(x.size(0), 1));
          }
          return new LayerCall.Backprop(one(dx), List.of());
        });
  }
}
