package org.birnn.pipelines.classification;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.birnn.pipelines.param.SequenceModelParams;
import org.birnn.pipelines.param.shared.HasRawPredictionCol;

/**
 * The params of {@link BidirectionalRNNClassifier} and {@link BidirectionalRNNClassificationModel},
 * as MLlib's {@code ...Params} traits: declared once here with their getters, so the model reports
 * the architecture and training settings it was fitted with. Spark finds params through these
 * public no-argument methods, default methods included.
 */
public interface BidirectionalRNNClassifierParams extends SequenceModelParams, HasRawPredictionCol {
  /** This stage's param instances. */
  @Override
  BidirectionalRNNClassifierParamSet paramSet();

  /** {@code rawPredictionCol} (default "rawPrediction"). */
  @Override
  default Param<String> rawPredictionCol() {
    return paramSet().rawPredictionCol;
  }

  /** {@code maxClasses} (default 1000). */
  default IntParam maxClasses() {
    return paramSet().maxClasses;
  }

  /** The value of {@code maxClasses} or its default. */
  default int getMaxClasses() {
    return (Integer) getOrDefault(maxClasses());
  }
}
