package org.birnn.pipelines.param;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.BiConsumer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.rnn.MergeMode;
import org.birnn.pipelines.spark.SequenceFeatures;

/**
 * The {@code Param} instances every bidirectional sequence stage shares ({@link
 * SequenceModelParams}): columns, architecture, optimizer, distributed training, validation and
 * checkpoints. A Java interface holds no fields, so each stage keeps one of these (or a subclass
 * with its own params), as MLlib's traits hold their {@code final val}s.
 */
public class SequenceModelParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What differs from stage to stage in the shared params' documentation. */
  public record Docs(
      String labelCol,
      String predictionCol,
      String probabilityCol,
      String handleInvalid,
      String encodingCol)
      implements Serializable {}

  public final Param<String> featuresCol;
  public final Param<String> labelCol;
  public final Param<String> predictionCol;
  public final Param<String> probabilityCol;
  public final Param<String> encodingCol;
  public final Param<String> handleInvalid;
  public final IntParam batchSize;
  public final IntParam maxSequenceLength;
  public final Param<String> cellType;
  public final IntParam units;
  public final IntParam numLayers;
  public final Param<String> mergeMode;
  public final IntParam embeddingDim;
  public final DoubleParam dropout;
  public final IntParam vocabSize;
  public final Param<String> modelConfig;
  public final Param<String> initialModel;
  public final IntParam maxIter;
  public final DoubleParam stepSize;
  public final Param<String> optimizer;
  public final IntParam averagingFrequency;
  public final BooleanParam averageOptimizerState;
  public final IntParam numWorkers;
  public final IntParam aggregationDepth;
  public final LongParam seed;
  public final DoubleParam validationFraction;
  public final IntParam patience;
  public final Param<String> checkpointDir;
  public final IntParam checkpointInterval;
  public final Param<String> checkpointMismatch;

  /** The params of {@code owner}, documented with {@code docs}. */
  public SequenceModelParamSet(Params owner, Docs docs) {
    featuresCol =
        new Param<>(owner, "featuresCol", "features column: " + SequenceFeatures.EXPECTED);
    labelCol = new Param<>(owner, "labelCol", docs.labelCol());
    predictionCol = new Param<>(owner, "predictionCol", docs.predictionCol());
    probabilityCol = new Param<>(owner, "probabilityCol", docs.probabilityCol());
    encodingCol = new Param<>(owner, "encodingCol", docs.encodingCol());
    handleInvalid =
        new Param<>(
            owner,
            "handleInvalid",
            docs.handleInvalid(),
            ParamValidators.inArray(new String[] {"error", "skip", "keep"}));
    batchSize =
        new IntParam(
            owner,
            "batchSize",
            "sequences per minibatch and worker, and per scoring batch (> 0)",
            ParamValidators.gt(0));
    maxSequenceLength =
        new IntParam(
            owner,
            "maxSequenceLength",
            "keep at most this many steps of a sequence; 0 never truncates (>= 0)",
            ParamValidators.gtEq(0));
    cellType =
        new Param<>(
            owner,
            "cellType",
            "recurrent cell: lstm, gru or simple_rnn",
            ParamValidators.inArray(new String[] {"lstm", "gru", "simple_rnn"}));
    units = new IntParam(owner, "units", "units per direction (> 0)", ParamValidators.gt(0));
    numLayers =
        new IntParam(
            owner, "numLayers", "stacked Bidirectional layers (> 0)", ParamValidators.gt(0));
    mergeMode =
        new Param<>(
            owner,
            "mergeMode",
            "merge of the directions: " + String.join(", ", MergeMode.singleOutputNames()),
            ParamValidators.inArray(MergeMode.singleOutputNames()));
    embeddingDim =
        new IntParam(
            owner, "embeddingDim", "embedding size for token ids (> 0)", ParamValidators.gt(0));
    dropout =
        new DoubleParam(
            owner,
            "dropout",
            "dropout before the output layer, in [0, 1)",
            ParamValidators.inRange(0, 1, true, false));
    vocabSize =
        new IntParam(
            owner,
            "vocabSize",
            "number of token ids (max id + 1); 0 takes it from the data (>= 0)",
            ParamValidators.gtEq(0));
    modelConfig =
        new Param<>(
            owner,
            "modelConfig",
            "Keras 3 JSON of a Sequential network to train instead of the architecture params ('' = none)");
    initialModel =
        new Param<>(
            owner,
            "initialModel",
            "Hadoop URI of a network to start from, a Keras 3 .keras archive or a model file of"
                + " this library: its architecture and weights replace the architecture params and"
                + " modelConfig, and training fine-tunes it ('' = none)");
    maxIter = new IntParam(owner, "maxIter", "epochs (> 0)", ParamValidators.gt(0));
    stepSize =
        new DoubleParam(
            owner,
            "stepSize",
            "learning rate (finite, > 0)",
            (scala.Function1<Object, Object>) v -> (Double) v > 0 && Double.isFinite((Double) v));
    optimizer =
        new Param<>(
            owner,
            "optimizer",
            "optimizer: sgd, rmsprop, adam or adagrad",
            ParamValidators.inArray(new String[] {"sgd", "rmsprop", "adam", "adagrad"}));
    averagingFrequency =
        new IntParam(
            owner,
            "averagingFrequency",
            "local minibatches per worker between two parameter averages (> 0)",
            ParamValidators.gt(0));
    averageOptimizerState =
        new BooleanParam(
            owner,
            "averageOptimizerState",
            "average the optimizer state with the parameters (else it restarts every round)");
    numWorkers =
        new IntParam(
            owner,
            "numWorkers",
            "training partitions; 0 = Spark's default parallelism (>= 0)",
            ParamValidators.gtEq(0));
    aggregationDepth =
        new IntParam(
            owner, "aggregationDepth", "treeAggregate depth (>= 1)", ParamValidators.gtEq(1));
    seed = new LongParam(owner, "seed", "random seed of initialization, shuffling and dropout");
    validationFraction =
        new DoubleParam(
            owner,
            "validationFraction",
            "fraction held out for validation and early stopping, in [0, 1)",
            ParamValidators.inRange(0, 1, true, false));
    patience =
        new IntParam(
            owner,
            "patience",
            "epochs without validation-loss improvement before stopping (>= 1)",
            ParamValidators.gtEq(1));
    checkpointDir =
        new Param<>(
            owner,
            "checkpointDir",
            "Hadoop URI of a directory for training checkpoints; a new fit resumes from it ('' = none)");
    checkpointInterval =
        new IntParam(
            owner,
            "checkpointInterval",
            "averaging rounds between checkpoints (> 0)",
            ParamValidators.gt(0));
    checkpointMismatch =
        new Param<>(
            owner,
            "checkpointMismatch",
            "a checkpoint in checkpointDir of another fit (network, settings or data differ):"
                + " 'error' fails naming what differs, 'restart' removes it and starts afresh",
            ParamValidators.inArray(new String[] {"error", "restart"}));
  }

  /** Sets the shared defaults through the owner's protected {@code setDefault}. */
  public void setDefaults(BiConsumer<Param<Object>, Object> setDefault, long seedDefault) {
    put(setDefault, featuresCol, "features");
    put(setDefault, labelCol, "label");
    put(setDefault, predictionCol, "prediction");
    put(setDefault, probabilityCol, "probability");
    put(setDefault, handleInvalid, "error");
    put(setDefault, batchSize, 32);
    put(setDefault, maxSequenceLength, 0);
    put(setDefault, cellType, "lstm");
    put(setDefault, units, 32);
    put(setDefault, numLayers, 1);
    put(setDefault, mergeMode, "concat");
    put(setDefault, embeddingDim, 32);
    put(setDefault, dropout, 0.0);
    put(setDefault, vocabSize, 0);
    put(setDefault, modelConfig, "");
    put(setDefault, initialModel, "");
    put(setDefault, maxIter, 10);
    put(setDefault, stepSize, 0.01);
    put(setDefault, optimizer, "adam");
    put(setDefault, averagingFrequency, 5);
    put(setDefault, averageOptimizerState, true);
    put(setDefault, numWorkers, 0);
    put(setDefault, aggregationDepth, 2);
    put(setDefault, this.seed, seedDefault);
    put(setDefault, validationFraction, 0.0);
    put(setDefault, patience, 3);
    put(setDefault, checkpointDir, "");
    put(setDefault, checkpointInterval, 10);
    put(setDefault, checkpointMismatch, "error");
    put(setDefault, encodingCol, "");
  }

  /** Sets one default. */
  @SuppressWarnings("unchecked")
  protected static void put(BiConsumer<Param<Object>, Object> f, Param<?> p, Object v) {
    f.accept((Param<Object>) p, v);
  }

  /** Fails naming {@code col} and the columns there are when {@code schema} lacks it. */
  public static void requireColumn(StructType schema, String col) {
    if (!Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException(
          "Column '"
              + col
              + "' does not exist; available columns: "
              + Arrays.toString(schema.fieldNames()));
    }
  }

  /** {@code schema} with output column {@code col} added; fails when it already exists. */
  public static StructType addFree(
      StructType schema, String col, org.apache.spark.sql.types.DataType t) {
    if (Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("Output column '" + col + "' already exists");
    }
    return schema.add(col, t, true);
  }
}
