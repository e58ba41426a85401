package org.birnn.pipelines.classification;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.BiConsumer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.rnn.MergeMode;

/**
 * The {@code Param} instances of one {@link BidirectionalRNNClassifierParams} stage (a Java
 * interface holds no fields, so each stage keeps one of these), their defaults, and the schema
 * check estimator and model run on the driver before any job.
 */
public final class BidirectionalRNNClassifierParamSet implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Params owner;
  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;
  final Param<String> rawPredictionCol;
  final Param<String> handleInvalid;
  final IntParam batchSize;
  final IntParam maxSequenceLength;
  final Param<String> cellType;
  final IntParam units;
  final IntParam numLayers;
  final Param<String> mergeMode;
  final IntParam embeddingDim;
  final DoubleParam dropout;
  final IntParam vocabSize;
  final Param<String> modelConfig;
  final IntParam maxIter;
  final DoubleParam stepSize;
  final Param<String> optimizer;
  final IntParam averagingFrequency;
  final BooleanParam averageOptimizerState;
  final IntParam numWorkers;
  final IntParam aggregationDepth;
  final LongParam seed;
  final DoubleParam validationFraction;
  final IntParam patience;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final Param<String> checkpointMismatch;
  final IntParam maxClasses;

  BidirectionalRNNClassifierParamSet(Params owner) {
    this.owner = owner;
    featuresCol =
        new Param<>(owner, "featuresCol", "features column: " + SequenceFeatures.EXPECTED);
    labelCol = new Param<>(owner, "labelCol", "label column: class index 0, 1, ... (numeric)");
    predictionCol = new Param<>(owner, "predictionCol", "prediction column (double class index)");
    probabilityCol = new Param<>(owner, "probabilityCol", "class probabilities column (vector)");
    rawPredictionCol =
        new Param<>(
            owner, "rawPredictionCol", "raw class scores column (vector of log-probabilities)");
    handleInvalid =
        new Param<>(
            owner,
            "handleInvalid",
            "rows that cannot be used (null or empty sequence, null, negative or unseen token id,"
                + " null or non-finite step, mixed step widths, null or invalid label): 'error'"
                + " fails naming the column and value, 'skip' drops them, 'keep' keeps them (left"
                + " out of training; scoring maps unseen token ids to the out-of-vocabulary id 1"
                + " and gives the other rows a NaN prediction)",
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
    maxClasses =
        new IntParam(
            owner,
            "maxClasses",
            "most classes a fit accepts (largest label + 1), a guard against stray labels (>= 2)",
            ParamValidators.gtEq(2));
    checkpointMismatch =
        new Param<>(
            owner,
            "checkpointMismatch",
            "a checkpoint in checkpointDir of another fit (network, settings or data differ):"
                + " 'error' fails naming what differs, 'restart' removes it and starts afresh",
            ParamValidators.inArray(new String[] {"error", "restart"}));
  }

  /** Sets the defaults through the owner's protected {@code setDefault}. */
  void setDefaults(BiConsumer<Param<Object>, Object> setDefault) {
    put(setDefault, featuresCol, "features");
    put(setDefault, labelCol, "label");
    put(setDefault, predictionCol, "prediction");
    put(setDefault, probabilityCol, "probability");
    put(setDefault, rawPredictionCol, "rawPrediction");
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
    put(setDefault, maxIter, 10);
    put(setDefault, stepSize, 0.01);
    put(setDefault, optimizer, "adam");
    put(setDefault, averagingFrequency, 5);
    put(setDefault, averageOptimizerState, true);
    put(setDefault, numWorkers, 0);
    put(setDefault, aggregationDepth, 2);
    put(setDefault, seed, (long) BidirectionalRNNClassifier.class.getName().hashCode());
    put(setDefault, validationFraction, 0.0);
    put(setDefault, patience, 3);
    put(setDefault, checkpointDir, "");
    put(setDefault, checkpointInterval, 10);
    put(setDefault, checkpointMismatch, "error");
    put(setDefault, maxClasses, 1000);
  }

  @SuppressWarnings("unchecked")
  private static void put(BiConsumer<Param<Object>, Object> f, Param<?> p, Object v) {
    f.accept((Param<Object>) p, v);
  }

  /**
   * Checks the feature (and, when fitting, label) column types and that the output columns are
   * free; returns the output schema.
   */
  StructType validateAndTransform(StructType schema, boolean fitting) {
    String features = owner.getOrDefault(featuresCol);
    requireColumn(schema, features);
    SequenceFeatures.kindOf(features, schema.apply(features).dataType());
    if (fitting) {
      String label = owner.getOrDefault(labelCol);
      requireColumn(schema, label);
      SequenceFeatures.checkLabel(label, schema.apply(label).dataType());
    }
    StructType out = schema;
    out = addFree(out, owner.getOrDefault(rawPredictionCol), SQLDataTypes.VectorType());
    out = addFree(out, owner.getOrDefault(probabilityCol), SQLDataTypes.VectorType());
    out = addFree(out, owner.getOrDefault(predictionCol), DataTypes.DoubleType);
    return out;
  }

  private static void requireColumn(StructType schema, String col) {
    if (!Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException(
          "Column '"
              + col
              + "' does not exist; available columns: "
              + Arrays.toString(schema.fieldNames()));
    }
  }

  private static StructType addFree(
      StructType schema, String col, org.apache.spark.sql.types.DataType t) {
    if (Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("Output column '" + col + "' already exists");
    }
    return schema.add(col, t, true);
  }
}
