package org.birnn.pipelines.classification;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.persist.ParamsReader;
import org.birnn.pipelines.persist.ParamsWriter;
import org.birnn.pipelines.spark.SparkLine;

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
    implements BidirectionalRNNClassifierParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final BidirectionalRNNClassifierParamSet params;

  /** A classifier with a random uid and default params. */
  public BidirectionalRNNClassifier() {
    this(Identifiable.randomUID("biRnnClf"));
  }

  /** A classifier with the given uid (used by the reader). */
  public BidirectionalRNNClassifier(String uid) {
    SparkLine.requireSupported();
    this.uid = uid;
    this.params = new BidirectionalRNNClassifierParamSet(this);
    params.setDefaults(this::setDefault);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public BidirectionalRNNClassifierParamSet paramSet() {
    return params;
  }

  /** Sets {@code featuresCol}. */
  public BidirectionalRNNClassifier setFeaturesCol(String v) {
    set(paramSet().featuresCol, v);
    return this;
  }

  /** Sets {@code labelCol}. */
  public BidirectionalRNNClassifier setLabelCol(String v) {
    set(paramSet().labelCol, v);
    return this;
  }

  /** Sets {@code predictionCol}. */
  public BidirectionalRNNClassifier setPredictionCol(String v) {
    set(paramSet().predictionCol, v);
    return this;
  }

  /** Sets {@code probabilityCol}. */
  public BidirectionalRNNClassifier setProbabilityCol(String v) {
    set(paramSet().probabilityCol, v);
    return this;
  }

  /** Sets {@code rawPredictionCol}. */
  public BidirectionalRNNClassifier setRawPredictionCol(String v) {
    set(paramSet().rawPredictionCol, v);
    return this;
  }

  /** Sets {@code encodingCol} ('' = not written). */
  public BidirectionalRNNClassifier setEncodingCol(String v) {
    set(paramSet().encodingCol, v);
    return this;
  }

  /** Sets {@code initialModel}: a Hadoop URI of a .keras archive or model file ('' = none). */
  public BidirectionalRNNClassifier setInitialModel(String v) {
    set(paramSet().initialModel, v);
    return this;
  }

  /** Sets {@code handleInvalid}. */
  public BidirectionalRNNClassifier setHandleInvalid(String v) {
    set(paramSet().handleInvalid, v);
    return this;
  }

  /** Sets {@code batchSize}. */
  public BidirectionalRNNClassifier setBatchSize(int v) {
    set(paramSet().batchSize, (Object) v);
    return this;
  }

  /** Sets {@code maxSequenceLength}. */
  public BidirectionalRNNClassifier setMaxSequenceLength(int v) {
    set(paramSet().maxSequenceLength, (Object) v);
    return this;
  }

  /** Sets {@code cellType}. */
  public BidirectionalRNNClassifier setCellType(String v) {
    set(paramSet().cellType, v);
    return this;
  }

  /** Sets {@code units}. */
  public BidirectionalRNNClassifier setUnits(int v) {
    set(paramSet().units, (Object) v);
    return this;
  }

  /** Sets {@code numLayers}. */
  public BidirectionalRNNClassifier setNumLayers(int v) {
    set(paramSet().numLayers, (Object) v);
    return this;
  }

  /** Sets {@code mergeMode}. */
  public BidirectionalRNNClassifier setMergeMode(String v) {
    set(paramSet().mergeMode, v);
    return this;
  }

  /** Sets {@code embeddingDim}. */
  public BidirectionalRNNClassifier setEmbeddingDim(int v) {
    set(paramSet().embeddingDim, (Object) v);
    return this;
  }

  /** Sets {@code dropout}. */
  public BidirectionalRNNClassifier setDropout(double v) {
    set(paramSet().dropout, (Object) v);
    return this;
  }

  /** Sets {@code vocabSize}. */
  public BidirectionalRNNClassifier setVocabSize(int v) {
    set(paramSet().vocabSize, (Object) v);
    return this;
  }

  /** Sets {@code modelConfig}. */
  public BidirectionalRNNClassifier setModelConfig(String v) {
    set(paramSet().modelConfig, v);
    return this;
  }

  /** Sets {@code maxIter}. */
  public BidirectionalRNNClassifier setMaxIter(int v) {
    set(paramSet().maxIter, (Object) v);
    return this;
  }

  /** Sets {@code stepSize}. */
  public BidirectionalRNNClassifier setStepSize(double v) {
    set(paramSet().stepSize, (Object) v);
    return this;
  }

  /** Sets {@code optimizer}. */
  public BidirectionalRNNClassifier setOptimizer(String v) {
    set(paramSet().optimizer, v);
    return this;
  }

  /** Sets {@code averagingFrequency}. */
  public BidirectionalRNNClassifier setAveragingFrequency(int v) {
    set(paramSet().averagingFrequency, (Object) v);
    return this;
  }

  /** Sets {@code averageOptimizerState}. */
  public BidirectionalRNNClassifier setAverageOptimizerState(boolean v) {
    set(paramSet().averageOptimizerState, (Object) v);
    return this;
  }

  /** Sets {@code numWorkers}. */
  public BidirectionalRNNClassifier setNumWorkers(int v) {
    set(paramSet().numWorkers, (Object) v);
    return this;
  }

  /** Sets {@code aggregationDepth}. */
  public BidirectionalRNNClassifier setAggregationDepth(int v) {
    set(paramSet().aggregationDepth, (Object) v);
    return this;
  }

  /** Sets {@code seed}. */
  public BidirectionalRNNClassifier setSeed(long v) {
    set(paramSet().seed, (Object) v);
    return this;
  }

  /** Sets {@code validationFraction}. */
  public BidirectionalRNNClassifier setValidationFraction(double v) {
    set(paramSet().validationFraction, (Object) v);
    return this;
  }

  /** Sets {@code patience}. */
  public BidirectionalRNNClassifier setPatience(int v) {
    set(paramSet().patience, (Object) v);
    return this;
  }

  /** Sets {@code checkpointDir}. */
  public BidirectionalRNNClassifier setCheckpointDir(String v) {
    set(paramSet().checkpointDir, v);
    return this;
  }

  /** Sets {@code checkpointInterval}. */
  public BidirectionalRNNClassifier setCheckpointInterval(int v) {
    set(paramSet().checkpointInterval, (Object) v);
    return this;
  }

  /** Sets {@code maxClasses}. */
  public BidirectionalRNNClassifier setMaxClasses(int v) {
    set(paramSet().maxClasses, (Object) v);
    return this;
  }

  /** Sets {@code checkpointMismatch}: {@code "error"} or {@code "restart"}. */
  public BidirectionalRNNClassifier setCheckpointMismatch(String v) {
    set(paramSet().checkpointMismatch, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return params.validateAndTransform(schema, true);
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
