package org.birnn.pipelines.classification;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.persist.ParamsReader;
import org.birnn.pipelines.persist.ParamsWriter;

/**
 * Trains a bidirectional recurrent text classifier on the executors by parameter averaging.
 *
 * <p>Input: {@code featuresCol} holds token ids {@code array<int>} (an {@code Embedding} is
 * learned; id 0 is padding) or pre-embedded sequences {@code array<array<float|double>>} / {@code
 * array<vector>}; {@code labelCol} a class index 0, 1, .... Output columns are named and typed like
 * MLlib classifiers', so {@code MulticlassClassificationEvaluator} works unchanged.
 *
 * <p>The network is {@code Embedding(vocab, embeddingDim, mask_zero)} (or {@code Masking} for
 * vectors), {@code numLayers} x {@code Bidirectional(cellType(units))}, optional {@code Dropout},
 * {@code Dense(classes, softmax)}; or any Keras {@code Sequential} JSON in {@code modelConfig}.
 *
 * <p>Defaults suit short texts on a few cores: embedding and units 32 (enough capacity for a
 * vocabulary of tens of thousands, cheap per step), batch 32 per worker, Adam at 0.01 (converges in
 * a few epochs for small embedding models, where Keras's 0.001 needs many), averaging every 5
 * minibatches (few broadcasts, little drift between workers), 10 epochs.
 *
 * <pre>{@code
 * new Pipeline().setStages(new PipelineStage[] {
 *     new Tokenizer().setInputCol("text").setOutputCol("tokens"),
 *     new TokenIndexer().setInputCol("tokens").setOutputCol("ids"),
 *     new BidirectionalRNNClassifier().setFeaturesCol("ids")});
 * }</pre>
 */
public final class BidirectionalRNNClassifier extends Estimator<BidirectionalRNNClassificationModel>
    implements ClassifierColumns, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final ColumnParams columns;
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

  /** A classifier with a random uid and default params. */
  public BidirectionalRNNClassifier() {
    this(Identifiable.randomUID("biRnnClf"));
  }

  /** A classifier with the given uid (used by the reader). */
  public BidirectionalRNNClassifier(String uid) {
    this.uid = uid;
    this.columns = new ColumnParams(this);
    cellType =
        new Param<>(
            this,
            "cellType",
            "recurrent cell: lstm, gru or simple_rnn",
            ParamValidators.inArray(new String[] {"lstm", "gru", "simple_rnn"}));
    units = new IntParam(this, "units", "units per direction (> 0)", ParamValidators.gt(0));
    numLayers =
        new IntParam(
            this, "numLayers", "stacked Bidirectional layers (> 0)", ParamValidators.gt(0));
    mergeMode =
        new Param<>(
            this,
            "mergeMode",
            "merge of the directions: concat, sum, mul or ave",
            ParamValidators.inArray(new String[] {"concat", "sum", "mul", "ave"}));
    embeddingDim =
        new IntParam(
            this, "embeddingDim", "embedding size for token ids (> 0)", ParamValidators.gt(0));
    dropout =
        new DoubleParam(
            this,
            "dropout",
            "dropout before the output layer, in [0, 1)",
            ParamValidators.inRange(0, 1, true, false));
    vocabSize =
        new IntParam(
            this,
            "vocabSize",
            "number of token ids (max id + 1); 0 takes it from the data (>= 0)",
            ParamValidators.gtEq(0));
    modelConfig =
        new Param<>(
            this,
            "modelConfig",
            "Keras 3 JSON of a Sequential network to train instead of the architecture params ('' = none)");
    maxIter = new IntParam(this, "maxIter", "epochs (> 0)", ParamValidators.gt(0));
    stepSize = new DoubleParam(this, "stepSize", "learning rate (> 0)", ParamValidators.gt(0));
    optimizer =
        new Param<>(
            this,
            "optimizer",
            "optimizer: sgd, rmsprop, adam or adagrad",
            ParamValidators.inArray(new String[] {"sgd", "rmsprop", "adam", "adagrad"}));
    averagingFrequency =
        new IntParam(
            this,
            "averagingFrequency",
            "local minibatches per worker between two parameter averages (> 0)",
            ParamValidators.gt(0));
    averageOptimizerState =
        new BooleanParam(
            this,
            "averageOptimizerState",
            "average the optimizer state with the parameters (else it restarts every round)");
    numWorkers =
        new IntParam(
            this,
            "numWorkers",
            "training partitions; 0 = Spark's default parallelism (>= 0)",
            ParamValidators.gtEq(0));
    aggregationDepth =
        new IntParam(
            this, "aggregationDepth", "treeAggregate depth (>= 1)", ParamValidators.gtEq(1));
    seed = new LongParam(this, "seed", "random seed of initialization, shuffling and dropout");
    validationFraction =
        new DoubleParam(
            this,
            "validationFraction",
            "fraction held out for validation and early stopping, in [0, 1)",
            ParamValidators.inRange(0, 1, true, false));
    patience =
        new IntParam(
            this,
            "patience",
            "epochs without validation-loss improvement before stopping (>= 1)",
            ParamValidators.gtEq(1));
    checkpointDir =
        new Param<>(
            this,
            "checkpointDir",
            "Hadoop URI of a directory for training checkpoints; a new fit resumes from it ('' = none)");
    checkpointInterval =
        new IntParam(
            this,
            "checkpointInterval",
            "averaging rounds between checkpoints (> 0)",
            ParamValidators.gt(0));
    columns.setDefaults((p, v) -> setDefault(p, v));
    setDefault(cellType, "lstm");
    setDefault(units, 32);
    setDefault(numLayers, 1);
    setDefault(mergeMode, "concat");
    setDefault(embeddingDim, 32);
    setDefault(dropout, 0.0);
    setDefault(vocabSize, 0);
    setDefault(modelConfig, "");
    setDefault(maxIter, 10);
    setDefault(stepSize, 0.01);
    setDefault(optimizer, "adam");
    setDefault(averagingFrequency, 5);
    setDefault(averageOptimizerState, true);
    setDefault(numWorkers, 0);
    setDefault(aggregationDepth, 2);
    setDefault(seed, (long) BidirectionalRNNClassifier.class.getName().hashCode());
    setDefault(validationFraction, 0.0);
    setDefault(patience, 3);
    setDefault(checkpointDir, "");
    setDefault(checkpointInterval, 10);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ColumnParams columns() {
    return columns;
  }

  // Param accessors: Spark finds params through these public no-argument methods.

  /** {@code cellType} (default "lstm"). */
  public Param<String> cellType() {
    return cellType;
  }

  /** {@code units} (default 32). */
  public IntParam units() {
    return units;
  }

  /** {@code numLayers} (default 1). */
  public IntParam numLayers() {
    return numLayers;
  }

  /** {@code mergeMode} (default "concat"). */
  public Param<String> mergeMode() {
    return mergeMode;
  }

  /** {@code embeddingDim} (default 32). */
  public IntParam embeddingDim() {
    return embeddingDim;
  }

  /** {@code dropout} (default 0). */
  public DoubleParam dropout() {
    return dropout;
  }

  /** {@code vocabSize} (default 0: from the data). */
  public IntParam vocabSize() {
    return vocabSize;
  }

  /** {@code modelConfig} (default ""). */
  public Param<String> modelConfig() {
    return modelConfig;
  }

  /** {@code maxIter}, the epochs (default 10). */
  public IntParam maxIter() {
    return maxIter;
  }

  /** {@code stepSize} (default 0.01). */
  public DoubleParam stepSize() {
    return stepSize;
  }

  /** {@code optimizer} (default "adam"). */
  public Param<String> optimizer() {
    return optimizer;
  }

  /** {@code averagingFrequency} (default 5). */
  public IntParam averagingFrequency() {
    return averagingFrequency;
  }

  /** {@code averageOptimizerState} (default true). */
  public BooleanParam averageOptimizerState() {
    return averageOptimizerState;
  }

  /** {@code numWorkers} (default 0: Spark's default parallelism). */
  public IntParam numWorkers() {
    return numWorkers;
  }

  /** {@code aggregationDepth} (default 2). */
  public IntParam aggregationDepth() {
    return aggregationDepth;
  }

  /** {@code seed}. */
  public LongParam seed() {
    return seed;
  }

  /** {@code validationFraction} (default 0). */
  public DoubleParam validationFraction() {
    return validationFraction;
  }

  /** {@code patience} (default 3). */
  public IntParam patience() {
    return patience;
  }

  /** {@code checkpointDir} (default ""). */
  public Param<String> checkpointDir() {
    return checkpointDir;
  }

  /** {@code checkpointInterval} (default 10). */
  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  <T> BidirectionalRNNClassifier with(Param<T> p, T v) {
    set(p, v);
    return this;
  }

  /** Sets {@code featuresCol}. */
  public BidirectionalRNNClassifier setFeaturesCol(String v) {
    return with(columns.featuresCol, v);
  }

  /** Sets {@code labelCol}. */
  public BidirectionalRNNClassifier setLabelCol(String v) {
    return with(columns.labelCol, v);
  }

  /** Sets {@code predictionCol}. */
  public BidirectionalRNNClassifier setPredictionCol(String v) {
    return with(columns.predictionCol, v);
  }

  /** Sets {@code probabilityCol}. */
  public BidirectionalRNNClassifier setProbabilityCol(String v) {
    return with(columns.probabilityCol, v);
  }

  /** Sets {@code rawPredictionCol}. */
  public BidirectionalRNNClassifier setRawPredictionCol(String v) {
    return with(columns.rawPredictionCol, v);
  }

  /** Sets {@code handleInvalid}: error, skip or keep. */
  public BidirectionalRNNClassifier setHandleInvalid(String v) {
    return with(columns.handleInvalid, v);
  }

  /** Sets {@code batchSize}. */
  public BidirectionalRNNClassifier setBatchSize(int v) {
    return with(columns.batchSize, (Object) v);
  }

  /** Sets {@code maxSequenceLength}. */
  public BidirectionalRNNClassifier setMaxSequenceLength(int v) {
    return with(columns.maxSequenceLength, (Object) v);
  }

  /** Sets {@code cellType}. */
  public BidirectionalRNNClassifier setCellType(String v) {
    return with(cellType, v);
  }

  /** Sets {@code units}. */
  public BidirectionalRNNClassifier setUnits(int v) {
    return with(units, (Object) v);
  }

  /** Sets {@code numLayers}. */
  public BidirectionalRNNClassifier setNumLayers(int v) {
    return with(numLayers, (Object) v);
  }

  /** Sets {@code mergeMode}. */
  public BidirectionalRNNClassifier setMergeMode(String v) {
    return with(mergeMode, v);
  }

  /** Sets {@code embeddingDim}. */
  public BidirectionalRNNClassifier setEmbeddingDim(int v) {
    return with(embeddingDim, (Object) v);
  }

  /** Sets {@code dropout}. */
  public BidirectionalRNNClassifier setDropout(double v) {
    return with(dropout, (Object) v);
  }

  /** Sets {@code vocabSize}. */
  public BidirectionalRNNClassifier setVocabSize(int v) {
    return with(vocabSize, (Object) v);
  }

  /** Sets {@code modelConfig}. */
  public BidirectionalRNNClassifier setModelConfig(String v) {
    return with(modelConfig, v);
  }

  /** Sets {@code maxIter}. */
  public BidirectionalRNNClassifier setMaxIter(int v) {
    return with(maxIter, (Object) v);
  }

  /** Sets {@code stepSize}. */
  public BidirectionalRNNClassifier setStepSize(double v) {
    return with(stepSize, (Object) v);
  }

  /** Sets {@code optimizer}. */
  public BidirectionalRNNClassifier setOptimizer(String v) {
    return with(optimizer, v);
  }

  /** Sets {@code averagingFrequency}. */
  public BidirectionalRNNClassifier setAveragingFrequency(int v) {
    return with(averagingFrequency, (Object) v);
  }

  /** Sets {@code averageOptimizerState}. */
  public BidirectionalRNNClassifier setAverageOptimizerState(boolean v) {
    return with(averageOptimizerState, (Object) v);
  }

  /** Sets {@code numWorkers}. */
  public BidirectionalRNNClassifier setNumWorkers(int v) {
    return with(numWorkers, (Object) v);
  }

  /** Sets {@code aggregationDepth}. */
  public BidirectionalRNNClassifier setAggregationDepth(int v) {
    return with(aggregationDepth, (Object) v);
  }

  /** Sets {@code seed}. */
  public BidirectionalRNNClassifier setSeed(long v) {
    return with(seed, (Object) v);
  }

  /** Sets {@code validationFraction}. */
  public BidirectionalRNNClassifier setValidationFraction(double v) {
    return with(validationFraction, (Object) v);
  }

  /** Sets {@code patience}. */
  public BidirectionalRNNClassifier setPatience(int v) {
    return with(patience, (Object) v);
  }

  /** Sets {@code checkpointDir}. */
  public BidirectionalRNNClassifier setCheckpointDir(String v) {
    return with(checkpointDir, v);
  }

  /** Sets {@code checkpointInterval}. */
  public BidirectionalRNNClassifier setCheckpointInterval(int v) {
    return with(checkpointInterval, (Object) v);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return columns.validateAndTransform(schema, true);
  }

  @Override
  public BidirectionalRNNClassificationModel fit(Dataset<?> dataset) {
    return new ClassifierTrainer(this).fit(dataset);
  }

  /** Copies this stage's param values onto the fitted model (params it has). */
  void copyParamsTo(BidirectionalRNNClassificationModel model) {
    copyValues(model, ParamMap.empty());
  }

  @Override
  public BidirectionalRNNClassifier copy(ParamMap extra) {
    return (BidirectionalRNNClassifier) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new ParamsWriter(this);
  }

  /** A reader of saved classifiers. */
  public static MLReader<BidirectionalRNNClassifier> read() {
    return new ParamsReader<>(BidirectionalRNNClassifier.class);
  }

  /** Loads a saved classifier. */
  public static BidirectionalRNNClassifier load(String path) {
    return read().load(path);
  }
}
