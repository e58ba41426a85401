package org.birnn.pipelines.tagging;

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
 * Trains a bidirectional recurrent sequence tagger (part-of-speech, named entities, chunks) on the
 * executors by parameter averaging: one tag per token.
 *
 * <p>Input: {@code featuresCol} holds token ids {@code array<int>} (an {@code Embedding} is
 * learned; id 0 is padding) or pre-embedded sequences {@code array<array<float|double>>} / {@code
 * array<vector>}, shape {@code [time]} or {@code [time, dim]}; {@code labelCol} one tag per token,
 * {@code array<string>} (the model keeps the tag names, most frequent first, and predicts {@code
 * array<string>}) or {@code array<int>} (predicts {@code array<int>}).
 *
 * <p>The network is {@code Embedding(vocab, embeddingDim, mask_zero)} (or {@code Masking} for
 * vectors), {@code numLayers} x {@code Bidirectional(cellType(units), return_sequences=True)},
 * optional {@code Dropout}, then a per-token {@code Dense(tags, softmax)} trained with the masked
 * sparse categorical cross-entropy (padding carries no loss), or with {@code crf} a per-token
 * linear {@code Dense(tags)} and a linear-chain {@code CRF} trained by its log-likelihood and
 * decoded by Viterbi; or any Keras {@code Sequential} JSON with a per-step output in {@code
 * modelConfig}.
 *
 * <pre>{@code
 * new Pipeline().setStages(new PipelineStage[] {
 *     new TokenIndexer().setInputCol("words").setOutputCol("ids"),
 *     new BidirectionalRNNTagger().setFeaturesCol("ids").setLabelCol("tags").setCrf(true)});
 * }</pre>
 */
public final class BidirectionalRNNTagger extends Estimator<BidirectionalRNNTaggerModel>
    implements BidirectionalRNNTaggerParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final BidirectionalRNNTaggerParamSet params;

  /** A tagger with a random uid and default params. */
  public BidirectionalRNNTagger() {
    this(Identifiable.randomUID("biRnnTagger"));
  }

  /** A tagger with the given uid (used by the reader). */
  public BidirectionalRNNTagger(String uid) {
    SparkLine.requireSupported();
    this.uid = uid;
    this.params = new BidirectionalRNNTaggerParamSet(this);
    params.setDefaults(this::setDefault);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public BidirectionalRNNTaggerParamSet paramSet() {
    return params;
  }

  /** Sets {@code featuresCol}. */
  public BidirectionalRNNTagger setFeaturesCol(String v) {
    set(paramSet().featuresCol, v);
    return this;
  }

  /** Sets {@code labelCol}. */
  public BidirectionalRNNTagger setLabelCol(String v) {
    set(paramSet().labelCol, v);
    return this;
  }

  /** Sets {@code predictionCol}. */
  public BidirectionalRNNTagger setPredictionCol(String v) {
    set(paramSet().predictionCol, v);
    return this;
  }

  /** Sets {@code probabilityCol}. */
  public BidirectionalRNNTagger setProbabilityCol(String v) {
    set(paramSet().probabilityCol, v);
    return this;
  }

  /** Sets {@code encodingCol} ('' = not written). */
  public BidirectionalRNNTagger setEncodingCol(String v) {
    set(paramSet().encodingCol, v);
    return this;
  }

  /** Sets {@code initialModel}: a Hadoop URI of a .keras archive or model file ('' = none). */
  public BidirectionalRNNTagger setInitialModel(String v) {
    set(paramSet().initialModel, v);
    return this;
  }

  /** Sets {@code handleInvalid}. */
  public BidirectionalRNNTagger setHandleInvalid(String v) {
    set(paramSet().handleInvalid, v);
    return this;
  }

  /** Sets {@code batchSize}. */
  public BidirectionalRNNTagger setBatchSize(int v) {
    set(paramSet().batchSize, (Object) v);
    return this;
  }

  /** Sets {@code maxSequenceLength}. */
  public BidirectionalRNNTagger setMaxSequenceLength(int v) {
    set(paramSet().maxSequenceLength, (Object) v);
    return this;
  }

  /** Sets {@code cellType}. */
  public BidirectionalRNNTagger setCellType(String v) {
    set(paramSet().cellType, v);
    return this;
  }

  /** Sets {@code units}. */
  public BidirectionalRNNTagger setUnits(int v) {
    set(paramSet().units, (Object) v);
    return this;
  }

  /** Sets {@code numLayers}. */
  public BidirectionalRNNTagger setNumLayers(int v) {
    set(paramSet().numLayers, (Object) v);
    return this;
  }

  /** Sets {@code mergeMode}. */
  public BidirectionalRNNTagger setMergeMode(String v) {
    set(paramSet().mergeMode, v);
    return this;
  }

  /** Sets {@code embeddingDim}. */
  public BidirectionalRNNTagger setEmbeddingDim(int v) {
    set(paramSet().embeddingDim, (Object) v);
    return this;
  }

  /** Sets {@code dropout}. */
  public BidirectionalRNNTagger setDropout(double v) {
    set(paramSet().dropout, (Object) v);
    return this;
  }

  /** Sets {@code vocabSize}. */
  public BidirectionalRNNTagger setVocabSize(int v) {
    set(paramSet().vocabSize, (Object) v);
    return this;
  }

  /** Sets {@code modelConfig}. */
  public BidirectionalRNNTagger setModelConfig(String v) {
    set(paramSet().modelConfig, v);
    return this;
  }

  /** Sets {@code maxIter}. */
  public BidirectionalRNNTagger setMaxIter(int v) {
    set(paramSet().maxIter, (Object) v);
    return this;
  }

  /** Sets {@code stepSize}. */
  public BidirectionalRNNTagger setStepSize(double v) {
    set(paramSet().stepSize, (Object) v);
    return this;
  }

  /** Sets {@code optimizer}. */
  public BidirectionalRNNTagger setOptimizer(String v) {
    set(paramSet().optimizer, v);
    return this;
  }

  /** Sets {@code averagingFrequency}. */
  public BidirectionalRNNTagger setAveragingFrequency(int v) {
    set(paramSet().averagingFrequency, (Object) v);
    return this;
  }

  /** Sets {@code averageOptimizerState}. */
  public BidirectionalRNNTagger setAverageOptimizerState(boolean v) {
    set(paramSet().averageOptimizerState, (Object) v);
    return this;
  }

  /** Sets {@code numWorkers}. */
  public BidirectionalRNNTagger setNumWorkers(int v) {
    set(paramSet().numWorkers, (Object) v);
    return this;
  }

  /** Sets {@code aggregationDepth}. */
  public BidirectionalRNNTagger setAggregationDepth(int v) {
    set(paramSet().aggregationDepth, (Object) v);
    return this;
  }

  /** Sets {@code seed}. */
  public BidirectionalRNNTagger setSeed(long v) {
    set(paramSet().seed, (Object) v);
    return this;
  }

  /** Sets {@code validationFraction}. */
  public BidirectionalRNNTagger setValidationFraction(double v) {
    set(paramSet().validationFraction, (Object) v);
    return this;
  }

  /** Sets {@code patience}. */
  public BidirectionalRNNTagger setPatience(int v) {
    set(paramSet().patience, (Object) v);
    return this;
  }

  /** Sets {@code checkpointDir}. */
  public BidirectionalRNNTagger setCheckpointDir(String v) {
    set(paramSet().checkpointDir, v);
    return this;
  }

  /** Sets {@code checkpointInterval}. */
  public BidirectionalRNNTagger setCheckpointInterval(int v) {
    set(paramSet().checkpointInterval, (Object) v);
    return this;
  }

  /** Sets {@code checkpointMismatch}: {@code "error"} or {@code "restart"}. */
  public BidirectionalRNNTagger setCheckpointMismatch(String v) {
    set(paramSet().checkpointMismatch, v);
    return this;
  }

  /** Sets {@code crf}. */
  public BidirectionalRNNTagger setCrf(boolean v) {
    set(paramSet().crf, (Object) v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return params.validateAndTransform(schema, true, false);
  }

  @Override
  public BidirectionalRNNTaggerModel fit(Dataset<?> dataset) {
    return new TaggerTrainer(this).fit(dataset);
  }

  /** Copies this stage's param values onto the fitted model (params it has). */
  void copyParamsTo(BidirectionalRNNTaggerModel model) {
    copyValues(model, ParamMap.empty());
  }

  @Override
  public BidirectionalRNNTagger copy(ParamMap extra) {
    return (BidirectionalRNNTagger) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new ParamsWriter(this);
  }

  /** A reader of saved taggers. */
  public static MLReader<BidirectionalRNNTagger> read() {
    return new ParamsReader<>(BidirectionalRNNTagger.class);
  }

  /** Loads a saved tagger. */
  public static BidirectionalRNNTagger load(String path) {
    return read().load(path);
  }
}
