package org.birnn.layers.pooling;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.LayerBuilder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras {@code GlobalAveragePooling1D} and {@code GlobalMaxPooling1D}: {@code [batch, time,
 * features]} to {@code [batch, features]} over the kept time steps only (the time mask). A sample
 * with every step masked pools to 0.
 */
public final class GlobalPooling1D extends BaseLayer {
  /** Every key in Keras order, for both classes. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .key(ConfigKeys.only("data_format", "channels_last"))
          .key(ConfigKeys.only("keepdims", false))
          .build();

  private final boolean max;

  private GlobalPooling1D(boolean max, ConfigValues values) {
    super(values, max ? "global_max_pooling1d" : "global_average_pooling1d");
    this.max = max;
  }

  /** A builder of {@code GlobalMaxPooling1D} ({@code max}) or {@code GlobalAveragePooling1D}. */
  public static Builder builder(boolean max) {
    return new Builder(max);
  }

  /** Keras {@code GlobalAveragePooling1D()}. */
  public static GlobalPooling1D average() {
    return builder(false).build();
  }

  /** Keras {@code GlobalMaxPooling1D()}. */
  public static GlobalPooling1D max() {
    return builder(true).build();
  }

  /** Builder of {@link GlobalPooling1D}. */
  public static final class Builder extends LayerBuilder<GlobalPooling1D, Builder> {
    private final boolean max;

    private Builder(boolean max) {
      this.max = max;
    }

    @Override
    public GlobalPooling1D build() {
      String cls = className(max);
      return new GlobalPooling1D(max, TABLE.values(cls, cls, given));
    }
  }

  private static String className(boolean max) {
    return max ? "GlobalMaxPooling1D" : "GlobalAveragePooling1D";
  }

  /** Reads a Keras config dict of either class. */
  public static GlobalPooling1D fromConfig(String className, JsonNode c) {
    return builder(className.equals("GlobalMaxPooling1D"))
        .read(TABLE, className, className, c, false)
        .build();
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  @Override
  public String className() {
    return className(max);
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    long[] s = in.get(0);
    if (s.length != 3) {
      throw new IllegalArgumentException(
          this + " expects [batch, time, features]; received rank " + s.length);
    }
    return List.of(new long[] {s[0], s[2]});
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    INDArray x = inputs.get(0).castTo(DataType.DOUBLE).dup('c');
    outputShapes(List.of(x.shape()));
    int b = (int) x.size(0);
    int t = (int) x.size(1);
    int f = (int) x.size(2);
    INDArray mask = firstMask(masks);
    double[] m = mask == null ? null : mask.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] v = x.data().asDouble();
    double[] y = new double[b * f];
    // For max pooling, the time index chosen per (sample, feature); for average, the divisor.
    int[] argmax = new int[b * f];
    double[] count = new double[b];
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < t; k++) {
        count[i] += m == null ? 1 : (m[i * t + k] != 0 ? 1 : 0);
      }
      for (int j = 0; j < f; j++) {
        double acc = max ? Double.NEGATIVE_INFINITY : 0;
        int best = -1;
        for (int k = 0; k < t; k++) {
          if (m != null && m[i * t + k] == 0) {
            continue;
          }
          double val = v[(i * t + k) * f + j];
          if (max) {
            if (val > acc) {
              acc = val;
              best = k;
            }
          } else {
            acc += val;
          }
        }
        argmax[i * f + j] = best;
        y[i * f + j] = max ? (best < 0 ? 0 : acc) : (count[i] == 0 ? 0 : acc / count[i]);
      }
    }
    DataType out = inputs.get(0).dataType();
    INDArray result = Nd4j.create(y, new long[] {b, f}, DataType.DOUBLE).castTo(out);
    return LayerCall.of(
        one(result),
        one(null),
        d -> {
          double[] dx = new double[b * t * f];
          if (d.get(0) != null) {
            double[] dy = d.get(0).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            for (int i = 0; i < b; i++) {
              for (int j = 0; j < f; j++) {
                double g = dy[i * f + j];
                if (max) {
                  int k = argmax[i * f + j];
                  if (k >= 0) {
                    dx[(i * t + k) * f + j] += g;
                  }
                } else if (count[i] > 0) {
                  for (int k = 0; k < t; k++) {
                    if (m == null || m[i * t + k] != 0) {
                      dx[(i * t + k) * f + j] += g / count[i];
                    }
                  }
                }
              }
            }
          }
          return new LayerCall.Gradients(
              one(Nd4j.create(dx, new long[] {b, t, f}, DataType.DOUBLE).castTo(out)), List.of());
        });
  }
}
