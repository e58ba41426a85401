package org.birnn.pipelines.param;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.birnn.pipelines.param.shared.HasAggregationDepth;
import org.birnn.pipelines.param.shared.HasCheckpointInterval;
import org.birnn.pipelines.param.shared.HasFeaturesCol;
import org.birnn.pipelines.param.shared.HasHandleInvalid;
import org.birnn.pipelines.param.shared.HasLabelCol;
import org.birnn.pipelines.param.shared.HasMaxIter;
import org.birnn.pipelines.param.shared.HasPredictionCol;
import org.birnn.pipelines.param.shared.HasProbabilityCol;
import org.birnn.pipelines.param.shared.HasSeed;
import org.birnn.pipelines.param.shared.HasStepSize;

/**
 * The params every bidirectional sequence stage shares (the classifier and the tagger, estimator
 * and model alike), as MLlib's {@code ...Params} traits: declared once here with their getters, so
 * a fitted model reports the architecture and training settings it was fitted with. Spark finds
 * params through these public no-argument methods, default methods included.
 */
public interface SequenceModelParams
    extends HasAggregationDepth,
        HasCheckpointInterval,
        HasFeaturesCol,
        HasHandleInvalid,
        HasLabelCol,
        HasMaxIter,
        HasPredictionCol,
        HasProbabilityCol,
        HasSeed,
        HasStepSize {
  /** This stage's param instances. */
  SequenceModelParamSet paramSet();

  /** {@code featuresCol} (default "features"). */
  @Override
  default Param<String> featuresCol() {
    return paramSet().featuresCol;
  }

  /** {@code labelCol} (default "label"). */
  @Override
  default Param<String> labelCol() {
    return paramSet().labelCol;
  }

  /** {@code predictionCol} (default "prediction"). */
  @Override
  default Param<String> predictionCol() {
    return paramSet().predictionCol;
  }

  /** {@code probabilityCol} (default "probability"). */
  @Override
  default Param<String> probabilityCol() {
    return paramSet().probabilityCol;
  }

  /** {@code handleInvalid} (default "error"). */
  @Override
  default Param<String> handleInvalid() {
    return paramSet().handleInvalid;
  }

  /** {@code batchSize} (default 32). */
  default IntParam batchSize() {
    return paramSet().batchSize;
  }

  /** The value of {@code batchSize} or its default. */
  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  /** {@code maxSequenceLength} (default 0). */
  default IntParam maxSequenceLength() {
    return paramSet().maxSequenceLength;
  }

  /** The value of {@code maxSequenceLength} or its default. */
  default int getMaxSequenceLength() {
    return (Integer) getOrDefault(maxSequenceLength());
  }

  /** {@code cellType} (default "lstm"). */
  default Param<String> cellType() {
    return paramSet().cellType;
  }

  /** The value of {@code cellType} or its default. */
  default String getCellType() {
    return getOrDefault(cellType());
  }

  /** {@code units} (default 32). */
  default IntParam units() {
    return paramSet().units;
  }

  /** The value of {@code units} or its default. */
  default int getUnits() {
    return (Integer) getOrDefault(units());
  }

  /** {@code numLayers} (default 1). */
  default IntParam numLayers() {
    return paramSet().numLayers;
  }

  /** The value of {@code numLayers} or its default. */
  default int getNumLayers() {
    return (Integer) getOrDefault(numLayers());
  }

  /** {@code mergeMode} (default "concat"). */
  default Param<String> mergeMode() {
    return paramSet().mergeMode;
  }

  /** The value of {@code mergeMode} or its default. */
  default String getMergeMode() {
    return getOrDefault(mergeMode());
  }

  /** {@code embeddingDim} (default 32). */
  default IntParam embeddingDim() {
    return paramSet().embeddingDim;
  }

  /** The value of {@code embeddingDim} or its default. */
  default int getEmbeddingDim() {
    return (Integer) getOrDefault(embeddingDim());
  }

  /** {@code dropout} (default 0.0). */
  default DoubleParam dropout() {
    return paramSet().dropout;
  }

  /** The value of {@code dropout} or its default. */
  default double getDropout() {
    return (Double) getOrDefault(dropout());
  }

  /** {@code vocabSize} (default 0). */
  default IntParam vocabSize() {
    return paramSet().vocabSize;
  }

  /** The value of {@code vocabSize} or its default. */
  default int getVocabSize() {
    return (Integer) getOrDefault(vocabSize());
  }

  /** {@code modelConfig} (default ""). */
  default Param<String> modelConfig() {
    return paramSet().modelConfig;
  }

  /** The value of {@code modelConfig} or its default. */
  default String getModelConfig() {
    return getOrDefault(modelConfig());
  }

  /** {@code maxIter} (default 10). */
  @Override
  default IntParam maxIter() {
    return paramSet().maxIter;
  }

  /** {@code stepSize} (default 0.01). */
  @Override
  default DoubleParam stepSize() {
    return paramSet().stepSize;
  }

  /** {@code optimizer} (default "adam"). */
  default Param<String> optimizer() {
    return paramSet().optimizer;
  }

  /** The value of {@code optimizer} or its default. */
  default String getOptimizer() {
    return getOrDefault(optimizer());
  }

  /** {@code averagingFrequency} (default 5). */
  default IntParam averagingFrequency() {
    return paramSet().averagingFrequency;
  }

  /** The value of {@code averagingFrequency} or its default. */
  default int getAveragingFrequency() {
    return (Integer) getOrDefault(averagingFrequency());
  }

  /** {@code averageOptimizerState} (default true). */
  default BooleanParam averageOptimizerState() {
    return paramSet().averageOptimizerState;
  }

  /** The value of {@code averageOptimizerState} or its default. */
  default boolean getAverageOptimizerState() {
    return (Boolean) getOrDefault(averageOptimizerState());
  }

  /** {@code numWorkers} (default 0). */
  default IntParam numWorkers() {
    return paramSet().numWorkers;
  }

  /** The value of {@code numWorkers} or its default. */
  default int getNumWorkers() {
    return (Integer) getOrDefault(numWorkers());
  }

  /** {@code aggregationDepth} (default 2). */
  @Override
  default IntParam aggregationDepth() {
    return paramSet().aggregationDepth;
  }

  /** {@code seed} (default see the param doc). */
  @Override
  default LongParam seed() {
    return paramSet().seed;
  }

  /** {@code validationFraction} (default 0.0). */
  default DoubleParam validationFraction() {
    return paramSet().validationFraction;
  }

  /** The value of {@code validationFraction} or its default. */
  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  /** {@code patience} (default 3). */
  default IntParam patience() {
    return paramSet().patience;
  }

  /** The value of {@code patience} or its default. */
  default int getPatience() {
    return (Integer) getOrDefault(patience());
  }

  /** {@code checkpointDir} (default ""). */
  default Param<String> checkpointDir() {
    return paramSet().checkpointDir;
  }

  /** The value of {@code checkpointDir} or its default. */
  default String getCheckpointDir() {
    return getOrDefault(checkpointDir());
  }

  /** {@code checkpointMismatch} (default "error"). */
  default Param<String> checkpointMismatch() {
    return paramSet().checkpointMismatch;
  }

  /** The value of {@code checkpointMismatch} or its default. */
  default String getCheckpointMismatch() {
    return getOrDefault(checkpointMismatch());
  }

  /** {@code checkpointInterval} (default 10). */
  @Override
  default IntParam checkpointInterval() {
    return paramSet().checkpointInterval;
  }

  /** {@code encodingCol} (default "", off). */
  default Param<String> encodingCol() {
    return paramSet().encodingCol;
  }

  /** The value of {@code encodingCol} or its default. */
  default String getEncodingCol() {
    return getOrDefault(encodingCol());
  }

  /** {@code initialModel} (default "", none). */
  default Param<String> initialModel() {
    return paramSet().initialModel;
  }

  /** The value of {@code initialModel} or its default. */
  default String getInitialModel() {
    return getOrDefault(initialModel());
  }
}
