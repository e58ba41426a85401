package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.saving.KerasJson;
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
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "trainable",
          "dtype",
          "input_dim",
          "output_dim",
          "embeddings_initializer",
          "embeddings_regularizer",
          "activity_regularizer",
          "embeddings_constraint",
          "mask_zero",
          "lora_rank",
          "lora_alpha",
          "input_length",
          "batch_input_shape",
          "input_shape");

  private final int inputDim;
  private final int outputDim;
  private final boolean maskZero;
  private final Initializer initializer;
  private final Regularizer regularizer;
  private final Random random = RandomSeeds.next();

  /**
   * @param inputDim vocabulary size (&gt; 0)
   * @param outputDim vector size (&gt; 0)
   * @param maskZero whether id 0 is padding and masked
   * @param initializer of the embeddings; {@code null} for {@code U(-0.05, 0.05)}
   * @param regularizer penalty on the embeddings, or {@code null}
   * @param name the layer name, or {@code null} for a default
   */
  public Embedding(
      int inputDim,
      int outputDim,
      boolean maskZero,
      Initializer initializer,
      Regularizer regularizer,
      String name) {
    this(inputDim, outputDim, maskZero, initializer, regularizer, name, true, "float32");
  }

  private Embedding(
      int inputDim,
      int outputDim,
      boolean maskZero,
      Initializer initializer,
      Regularizer regularizer,
      String name,
      boolean trainable,
      String dtype) {
    super(name, trainable, dtype, "embedding");
    if (inputDim <= 0 || outputDim <= 0) {
      throw new IllegalArgumentException(
          "Embedding: input_dim and output_dim must be positive; received input_dim="
              + inputDim
              + ", output_dim="
              + outputDim);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.maskZero = maskZero;
    this.initializer =
        initializer != null ? initializer : Initializer.randomUniform(-0.05, 0.05, null);
    this.regularizer = regularizer;
  }

  /** {@code Embedding(inputDim, outputDim, mask_zero=maskZero)} with Keras defaults otherwise. */
  public static Embedding of(int inputDim, int outputDim, boolean maskZero) {
    return new Embedding(inputDim, outputDim, maskZero, null, null, null);
  }

  /** Reads a Keras config dict. */
  public static Embedding fromConfig(JsonNode c) {
    KerasJson.rejectUnknownKeys(c, KEYS, "Embedding");
    if (c.hasNonNull("embeddings_constraint") || c.hasNonNull("activity_regularizer")) {
      throw new UnsupportedOperationException(
          "Embedding: embeddings_constraint and activity_regularizer are not supported; got " + c);
    }
    return new Embedding(
        KerasJson.integer(c, "input_dim", -1),
        KerasJson.integer(c, "output_dim", -1),
        KerasJson.bool(c, "mask_zero", false),
        c.hasNonNull("embeddings_initializer")
            ? Initializer.fromJson(c.get("embeddings_initializer"))
            : null,
        Regularizer.fromJson(c.get("embeddings_regularizer")),
        KerasJson.string(c, "name", null),
        KerasJson.bool(c, "trainable", true),
        KerasJson.readDtype(c));
  }

  @Override
  public String className() {
    return "Embedding";
  }

  @Override
  public ObjectNode getConfig() {
    ObjectNode c = header();
    c.put("input_dim", inputDim);
    c.put("output_dim", outputDim);
    c.set("embeddings_initializer", initializer.toJson());
    c.set("embeddings_regularizer", regularizer == null ? null : regularizer.toJson());
    c.putNull("activity_regularizer");
    c.putNull("embeddings_constraint");
    c.put("mask_zero", maskZero);
    return c;
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
    INDArray rows = Nd4j.pullRows(weights.get(0), 1, idx);
    long[] outShape = outputShapes(List.of(ids.shape())).get(0);
    INDArray y = rows.reshape('c', outShape);
    INDArray mask = maskZero ? ids.neq(0.0) : null;
    return LayerCall.of(
        one(y),
        one(mask),
        d -> {
          double[] acc = new double[inputDim * outputDim];
          if (d.get(0) != null) {
            double[] dy = d.get(0).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            for (int n = 0; n < idx.length; n++) {
              int base = idx[n] * outputDim;
              int from = n * outputDim;
              for (int k = 0; k < outputDim; k++) {
                acc[base + k] += dy[from + k];
              }
            }
          }
          INDArray dE =
              Nd4j.create(acc, new long[] {inputDim, outputDim}, DataType.DOUBLE)
                  .castTo(dataType());
          return new LayerCall.Gradients(one(null), List.of(dE));
        });
  }

  private int[] checkedIds(INDArray ids) {
    double[] v = ids.castTo(DataType.DOUBLE).dup('c').data().asDouble();
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
