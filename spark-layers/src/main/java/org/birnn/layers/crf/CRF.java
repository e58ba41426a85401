package org.birnn.layers.crf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.LayerBuilder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A linear-chain CRF output: takes per-step tag scores (emissions) {@code [batch, time, tags]},
 * typically from a linear per-step {@code Dense}, and returns them unchanged with their time mask;
 * its weights score tag sequences. Weights in order: {@code chain_kernel [tags, tags]} (score of
 * tag {@code j} after tag {@code i}), {@code left_boundary [tags]} (first tag), {@code
 * right_boundary [tags]} (last tag), all initialised to zero (as {@code tensorflow_addons}' CRF
 * names them).
 *
 * <p>A model ending in a CRF is compiled with the loss {@code crf_loss}: the negative
 * log-likelihood of the target tags, summed over each sequence's kept steps by the forward
 * algorithm and averaged over the batch ({@link #loss}). {@link #decode} gives the Viterbi path and
 * {@link #marginals} the per-step tag probabilities.
 *
 * <pre>{@code
 * Sequential.of(Input.shape(-1), Embedding.of(vocab, 32, true),
 *     Bidirectional.of(LSTM.builder().units(32).returnSequences(true).build()),
 *     Dense.builder().units(tags).build(), CRF.create());
 * model.compile(Loss.get("crf_loss"), Optimizer.get("adam", 1e-3), List.of());
 * }</pre>
 */
public final class CRF extends BaseLayer {
  /** Every key in Keras order. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .build();

  private CRF(ConfigValues values) {
    super(values, "crf");
  }

  /** A builder with defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code CRF()} with defaults. */
  public static CRF create() {
    return builder().build();
  }

  /** Builder of {@link CRF}. */
  public static final class Builder extends LayerBuilder<CRF, Builder> {
    private Builder() {}

    @Override
    public CRF build() {
      return new CRF(TABLE.values("CRF", "CRF", given));
    }
  }

  /** Reads a config dict. */
  public static CRF fromConfig(JsonNode c) {
    return builder().read(TABLE, "CRF", "CRF", c, false).build();
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  @Override
  public String className() {
    return "CRF";
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    long[] s = in.get(0);
    if (s.length != 3 || s[2] <= 0) {
      throw new IllegalArgumentException(
          this
              + " expects tag scores [batch, time, tags] with a known tag axis; received shape "
              + Arrays.toString(s));
    }
    if (!weights.isEmpty() && weights.get(0).size(0) != s[2]) {
      throw new IllegalArgumentException(
          this + " was built for " + weights.get(0).size(0) + " tags; received " + s[2]);
    }
    return List.of(s.clone());
  }

  @Override
  protected void createWeights(List<long[]> in) {
    long c = in.get(0)[2];
    weights.add(Nd4j.zeros(dataType(), c, c));
    weights.add(Nd4j.zeros(dataType(), c));
    weights.add(Nd4j.zeros(dataType(), c));
  }

  /** Number of tags, once built. */
  public int tags() {
    return Math.toIntExact(weights.get(0).size(0));
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    INDArray x = inputs.get(0).castTo(dataType());
    outputShapes(List.of(x.shape()));
    // The scores pass through: the loss and the decoders read them with this layer's weights.
    return LayerCall.of(
        one(x),
        one(firstMask(masks)),
        d -> new LayerCall.Gradients(one(d.get(0)), Arrays.asList(null, null, null)));
  }

  /** The loss of a model ending in this layer, and the gradients of its own weights. */
  public record Value(Loss.Value loss, List<INDArray> weightGradients) {}

  /**
   * The mean over the batch of each sequence's negative log-likelihood of {@code yTrue}.
   *
   * @param yTrue tag ids {@code [batch, time]}
   * @param emissions {@code [batch, time, tags]}
   * @param mask {@code [batch, time]} or {@code null}
   */
  public Value loss(INDArray yTrue, INDArray emissions, INDArray mask) {
    int[] dims = dims(emissions);
    int batch = dims[0];
    int time = dims[1];
    if (yTrue.length() != (long) batch * time) {
      throw new IllegalArgumentException(
          "crf_loss needs one tag id per step, shape ["
              + batch
              + ", "
              + time
              + "]; received targets of shape "
              + Arrays.toString(yTrue.shape()));
    }
    double[] tagsAsDouble = doubles(yTrue);
    int[] y = new int[tagsAsDouble.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (int) tagsAsDouble[i];
      if (y[i] != tagsAsDouble[i]) {
        throw new IllegalArgumentException(
            "tag id " + tagsAsDouble[i] + " at position " + i + " is not an integer");
      }
    }
    LinearChainCrf crf = chain();
    double[] e = doubles(emissions);
    LinearChainCrf.Gradients g = crf.gradients(batch, time);
    double sum = crf.negLogLikelihood(e, batch, time, maskOf(mask), y, g);
    double scale = 1.0 / batch;
    DataType dt = emissions.dataType();
    INDArray dE = array(g.emissions, scale, dt, emissions.shape());
    int c = tags();
    List<INDArray> dw =
        List.of(
            array(g.transitions, scale, dataType(), c, c),
            array(g.start, scale, dataType(), c),
            array(g.end, scale, dataType(), c));
    return new Value(new Loss.Value(sum * scale, dE), dw);
  }

  /** The Viterbi tag path of each sequence, {@code [batch, time]} ids (0 at masked steps). */
  public int[][] decode(INDArray emissions, INDArray mask) {
    int[] dims = dims(emissions);
    int[] flat = chain().viterbi(doubles(emissions), dims[0], dims[1], maskOf(mask));
    int[][] out = new int[dims[0]][];
    for (int b = 0; b < dims[0]; b++) {
      out[b] = Arrays.copyOfRange(flat, b * dims[1], (b + 1) * dims[1]);
    }
    return out;
  }

  /** {@code P(tag at step t = j)}, {@code [batch, time, tags]} (zeros at masked steps). */
  public INDArray marginals(INDArray emissions, INDArray mask) {
    int[] dims = dims(emissions);
    double[] m = chain().marginals(doubles(emissions), dims[0], dims[1], maskOf(mask));
    return array(m, 1.0, emissions.dataType(), emissions.shape());
  }

  private int[] dims(INDArray emissions) {
    buildFrom(List.of(emissions));
    outputShapes(List.of(emissions.shape()));
    return new int[] {Math.toIntExact(emissions.size(0)), Math.toIntExact(emissions.size(1))};
  }

  private LinearChainCrf chain() {
    return new LinearChainCrf(
        tags(), doubles(weights.get(0)), doubles(weights.get(1)), doubles(weights.get(2)));
  }

  private static double[] maskOf(INDArray mask) {
    return mask == null ? null : doubles(mask);
  }

  private static double[] doubles(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static INDArray array(double[] v, double scale, DataType dt, long... shape) {
    double[] s = v;
    if (scale != 1.0) {
      s = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        s[i] = v[i] * scale;
      }
    }
    return Nd4j.create(s, shape, 'c').castTo(dt);
  }
}
