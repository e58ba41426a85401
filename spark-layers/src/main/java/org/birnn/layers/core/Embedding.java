package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.internal.HeapFloats;
import org.birnn.layers.internal.PassOutputs;
import org.birnn.layers.regularizers.Regularizer;
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
 * Keras {@code Embedding}: token ids {@code [batch, time]} (integers in {@code [0, input_dim)}, any
 * numeric type) to vectors {@code [batch, time, output_dim]}. Weight {@code embeddings [input_dim,
 * output_dim]}, initialized {@code U(-0.05, 0.05)} by default. With {@code mask_zero=true}, id 0 is
 * padding: the output mask is {@code ids != 0}.
 */
public final class Embedding extends BaseLayer {
  /** Vocabulary size (&gt; 0); required. */
  public static final ConfigKey<Integer> INPUT_DIM = ConfigKeys.positive("input_dim");

  /** Vector size (&gt; 0); required. */
  public static final ConfigKey<Integer> OUTPUT_DIM = ConfigKeys.positive("output_dim");

  /** Default {@code U(-0.05, 0.05)}. */
  public static final ConfigKey<Initializer> EMBEDDINGS_INITIALIZER =
      Initializer.key("embeddings_initializer", Initializer.randomUniform(-0.05, 0.05, null));

  public static final ConfigKey<Regularizer> EMBEDDINGS_REGULARIZER =
      Regularizer.key("embeddings_regularizer");

  /** Whether id 0 is padding and masked (default false). */
  public static final ConfigKey<Boolean> MASK_ZERO = ConfigKey.bool("mask_zero", false);

  /** Every key in Keras order. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .key(INPUT_DIM)
          .key(OUTPUT_DIM)
          .key(EMBEDDINGS_INITIALIZER)
          .key(EMBEDDINGS_REGULARIZER)
          .key(ConfigKeys.onlyNull("activity_regularizer"))
          .key(ConfigKeys.onlyNull("embeddings_constraint"))
          .key(MASK_ZERO)
          .ignore("lora_rank", "lora_alpha", "input_length", "batch_input_shape", "input_shape")
          .build();

  private final int inputDim;
  private final int outputDim;
  private final boolean maskZero;
  private final Initializer initializer;
  private final Regularizer regularizer;
  private final Random random = RandomSeeds.next();

  private Embedding(ConfigValues values) {
    super(values, "embedding");
    this.inputDim = get(INPUT_DIM);
    this.outputDim = get(OUTPUT_DIM);
    this.maskZero = get(MASK_ZERO);
    this.initializer = get(EMBEDDINGS_INITIALIZER);
    this.regularizer = get(EMBEDDINGS_REGULARIZER);
  }

  /** A builder with Keras defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of ids it embeds ({@code input_dim}): valid ids are {@code [0, inputDim)}. */
  public int inputDim() {
    return inputDim;
  }

  /** {@code Embedding(inputDim, outputDim, mask_zero=maskZero)} with Keras defaults otherwise. */
  public static Embedding of(int inputDim, int outputDim, boolean maskZero) {
    return builder().inputDim(inputDim).outputDim(outputDim).maskZero(maskZero).build();
  }

  /** Builder of {@link Embedding}. */
  public static final class Builder extends LayerBuilder<Embedding, Builder> {
    private Builder() {}

    /** Required: vocabulary size (&gt; 0). */
    public Builder inputDim(int inputDim) {
      return set(INPUT_DIM, inputDim);
    }

    /** Required: vector size (&gt; 0). */
    public Builder outputDim(int outputDim) {
      return set(OUTPUT_DIM, outputDim);
    }

    /** Whether id 0 is padding and masked (default false). */
    public Builder maskZero(boolean maskZero) {
      return set(MASK_ZERO, maskZero);
    }

    /** Default {@code U(-0.05, 0.05)}. */
    public Builder embeddingsInitializer(Initializer i) {
      return set(EMBEDDINGS_INITIALIZER, i);
    }

    /** Default none. */
    public Builder embeddingsRegularizer(Regularizer r) {
      return set(EMBEDDINGS_REGULARIZER, r);
    }

    @Override
    public Embedding build() {
      return new Embedding(TABLE.values("Embedding", "Embedding", given));
    }
  }

  /** Reads a Keras config dict. */
  public static Embedding fromConfig(JsonNode c) {
    return builder().read(TABLE, "Embedding", "Embedding", c, false).build();
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  @Override
  public String className() {
    return "Embedding";
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    long[] s = in.get(0);
    long[] out = Arrays.copyOf(s, s.length + 1);
    out[s.length] = outputDim;
    return List.of(out);
  }

  @Override
  protected void createWeights(List<long[]> in) {
    weights.add(initializer.initialize(new long[] {inputDim, outputDim}, dataType(), random));
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    INDArray ids = inputs.get(0);
    int[] idx = checkedIds(ids);
    long[] outShape = outputShapes(List.of(ids.shape())).get(0);
    INDArray table = weights.get(0);
    // A Java gather straight from the table's buffer: ND4J's pullRows costs more per call than
    // copying a batch's rows. Inside a model's inference pass the output is the node's reused
    // buffer (PassOutputs).
    INDArray y =
        HeapFloats.direct(table)
            ? HeapFloats.gatherInto(table, idx, PassOutputs.output(outShape))
            : Nd4j.pullRows(table, 1, idx).reshape('c', outShape);
    INDArray mask = maskZero ? nonZero(idx, ids.shape()) : null;
    return LayerCall.of(
        one(y),
        one(mask),
        d -> {
          List<LayerCall.RowGradient> dTable =
              d.get(0) == null ? List.of() : List.of(rowGradient(idx, d.get(0)));
          return new LayerCall.Gradients(one(null), one(null), dTable);
        });
  }

  /**
   * The table's gradient as rows: row {@code n} of {@code dy} (flattened to {@code [ids,
   * outputDim]}) summed into the row of id {@code idx[n]}, in double per row and rounded once, in
   * work proportional to the ids, not the vocabulary (Keras's gradient of a gather is the same
   * scatter-add).
   */
  private LayerCall.RowGradient rowGradient(int[] idx, INDArray dy) {
    double[] g;
    if (dataType() == DataType.FLOAT) {
      float[] f = HeapFloats.read(dy);
      g = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        g[i] = f[i];
      }
    } else {
      g = dy.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
    // (id, position) pairs sorted: each id's rows are summed in position order, as a scatter-add
    // does, without boxing a map entry per id.
    long[] keys = new long[idx.length];
    for (int n = 0; n < idx.length; n++) {
      keys[n] = ((long) idx[n] << 32) | n;
    }
    java.util.Arrays.sort(keys);
    int distinct = 0;
    for (int n = 0; n < keys.length; n++) {
      distinct += n == 0 || (keys[n] >>> 32) != (keys[n - 1] >>> 32) ? 1 : 0;
    }
    int[] rows = new int[distinct];
    double[] sums = new double[distinct * outputDim];
    int slot = -1;
    for (int n = 0; n < keys.length; n++) {
      int id = (int) (keys[n] >>> 32);
      if (slot < 0 || rows[slot] != id) {
        rows[++slot] = id;
      }
      int from = (int) keys[n] * outputDim;
      int to = slot * outputDim;
      for (int k = 0; k < outputDim; k++) {
        sums[to + k] += g[from + k];
      }
    }
    INDArray v;
    if (dataType() == DataType.FLOAT) {
      float[] rounded = new float[sums.length];
      for (int i = 0; i < sums.length; i++) {
        rounded[i] = (float) sums[i];
      }
      v = HeapFloats.array(rounded, new long[] {rows.length, outputDim});
    } else {
      v =
          Nd4j.create(sums, new long[] {rows.length, outputDim}, DataType.DOUBLE)
              .castTo(dataType());
    }
    return new LayerCall.RowGradient(0, rows, v);
  }

  /**
   * Keras's {@code mask_zero} mask, {@code ids != 0} as booleans of {@code shape}, written from the
   * checked ids in Java: two ND4J ops (a comparison and the cast before it) cost more per call than
   * the scan.
   */
  private static INDArray nonZero(int[] idx, long[] shape) {
    INDArray mask = Nd4j.createUninitialized(DataType.BOOL, shape, 'c');
    java.nio.ByteBuffer bytes = mask.data().asNio();
    for (int i = 0; i < idx.length; i++) {
      bytes.put(i, idx[i] != 0 ? (byte) 1 : (byte) 0);
    }
    return mask;
  }

  private int[] checkedIds(INDArray ids) {
    // float32 ids (as padded batches usually come) are read without an ND4J cast.
    double[] v;
    if (HeapFloats.direct(ids)) {
      float[] f = HeapFloats.read(ids);
      v = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        v[i] = f[i];
      }
    } else {
      v = ids.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
    int[] idx = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      double x = v[i];
      if (x != Math.rint(x) || x < 0 || x >= inputDim) {
        throw new IllegalArgumentException(
            this
                + ": token ids must be integers in [0, "
                + inputDim
                + "); received "
                + x
                + " at flat index "
                + i
                + " of input shape "
                + Arrays.toString(ids.shape()));
      }
      idx[i] = (int) x;
    }
    return idx;
  }

  @Override
  public double regularizationPenalty() {
    return regularizer == null || weights.isEmpty() ? 0 : regularizer.penalty(weights.get(0));
  }

  @Override
  public List<INDArray> regularizationGradients() {
    return one(regularizer == null ? null : regularizer.gradient(weights.get(0)));
  }
}
