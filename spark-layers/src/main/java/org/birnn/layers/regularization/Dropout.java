package org.birnn.layers.regularization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.saving.KerasJson;
import org.birnn.layers.utils.RandomSeeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras {@code Dropout}: in training, each entry is zeroed with probability {@code rate} and the
 * rest scaled by {@code 1 / (1 - rate)}; the identity at inference. The mask passes through.
 */
public final class Dropout extends BaseLayer {
  private static final Set<String> KEYS =
      Set.of("name", "trainable", "dtype", "rate", "seed", "noise_shape");
  private final double rate;
  private final Long seed;
  private Random random;

  /**
   * @param rate fraction dropped, in [0, 1)
   * @param seed the random seed, or {@code null}
   */
  public Dropout(double rate, Long seed) {
    this(rate, seed, null, true, "float32");
  }

  private Dropout(double rate, Long seed, String name, boolean trainable, String dtype) {
    super(name, trainable, dtype, "dropout");
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          "Dropout: rate must be a number in [0, 1); received rate=" + rate);
    }
    this.rate = rate;
    this.seed = seed;
    this.random = seed == null ? RandomSeeds.next() : new Random(seed);
  }

  /** Reads a Keras config dict. */
  public static Dropout fromConfig(JsonNode c) {
    KerasJson.rejectUnknownKeys(c, KEYS, "Dropout");
    if (c.hasNonNull("noise_shape")) {
      throw new UnsupportedOperationException(
          "Dropout: noise_shape is not supported; got " + c.get("noise_shape"));
    }
    return new Dropout(
        KerasJson.number(c, "rate", 0.5),
        KerasJson.optionalLong(c, "seed"),
        KerasJson.string(c, "name", null),
        KerasJson.bool(c, "trainable", true),
        KerasJson.readDtype(c));
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
  public ObjectNode getConfig() {
    ObjectNode c = header();
    c.put("rate", rate);
    if (seed == null) {
      c.putNull("seed");
    } else {
      c.put("seed", seed);
    }
    c.putNull("noise_shape");
    return c;
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
