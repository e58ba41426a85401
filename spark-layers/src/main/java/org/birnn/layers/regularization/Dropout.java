package org.birnn.layers.regularization;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Random;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.LayerBuilder;
import org.birnn.layers.utils.RandomSeeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras {@code Dropout}: in training, each entry is zeroed with probability {@code rate} and the
 * rest scaled by {@code 1 / (1 - rate)}; the identity at inference. The mask passes through.
 */
public final class Dropout extends BaseLayer {
  /** Fraction dropped, in [0, 1) (read as 0.5 when absent). */
  public static final ConfigKey<Double> RATE =
      ConfigKey.number("rate", 0.5)
          .check(
              (owner, v) -> {
                if (!(v >= 0 && v < 1)) {
                  throw new IllegalArgumentException(
                      owner + ": rate must be a number in [0, 1); received rate=" + v);
                }
              });

  /** The random seed, or {@code null}. */
  public static final ConfigKey<Long> SEED = ConfigKey.optionalLong("seed");

  /** Every key in Keras order. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .key(RATE)
          .key(SEED)
          .key(ConfigKeys.onlyNull("noise_shape"))
          .build();

  private final double rate;
  private Random random;

  private Dropout(ConfigValues values) {
    super(values, "dropout");
    this.rate = get(RATE);
    Long seed = get(SEED);
    this.random = seed == null ? RandomSeeds.next() : new Random(seed);
  }

  /** A builder with Keras defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code Dropout(rate)}. */
  public static Dropout of(double rate) {
    return builder().rate(rate).build();
  }

  /** Builder of {@link Dropout}. */
  public static final class Builder extends LayerBuilder<Dropout, Builder> {
    private Builder() {}

    /** Required: the fraction dropped, in [0, 1). */
    public Builder rate(double rate) {
      return set(RATE, rate);
    }

    /** The random seed (default none). */
    public Builder seed(Long seed) {
      return set(SEED, seed);
    }

    @Override
    public Dropout build() {
      return new Dropout(TABLE.values("Dropout", "Dropout", given));
    }
  }

  /** Reads a Keras config dict. */
  public static Dropout fromConfig(JsonNode c) {
    return builder().read(TABLE, "Dropout", "Dropout", c, false).build();
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  @Override
  public void reseed(long seed) {
    random = new Random(seed);
  }

  @Override
  public String className() {
    return "Dropout";
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    return List.of(in.get(0).clone());
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    INDArray x = inputs.get(0);
    if (!training || rate == 0) {
      return LayerCall.of(
          one(x), one(firstMask(masks)), d -> new LayerCall.Gradients(one(d.get(0)), List.of()));
    }
    double[] m = new double[Math.toIntExact(x.length())];
    double keep = 1.0 / (1.0 - rate);
    for (int i = 0; i < m.length; i++) {
      m[i] = random.nextDouble() >= rate ? keep : 0.0;
    }
    INDArray mask = Nd4j.create(m, x.shape(), DataType.DOUBLE).castTo(x.dataType());
    INDArray y = x.mul(mask);
    return LayerCall.of(
        one(y),
        one(firstMask(masks)),
        d -> new LayerCall.Gradients(one(d.get(0) == null ? null : d.get(0).mul(mask)), List.of()));
  }
}
