package org.birnn.pipelines.classification;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The column and inference params shared by {@link BidirectionalRNNClassifier} and {@link
 * BidirectionalRNNClassificationModel}. Spark finds params through public no-argument methods,
 * these default methods included.
 */
public interface ClassifierColumns extends Params {
  /** The shared params of this stage. */
  ColumnParams columns();

  /** {@code featuresCol} (default "features"). */
  default Param<String> featuresCol() {
    return columns().featuresCol;
  }

  /** {@code labelCol} (default "label"). */
  default Param<String> labelCol() {
    return columns().labelCol;
  }

  /** {@code predictionCol} (default "prediction"). */
  default Param<String> predictionCol() {
    return columns().predictionCol;
  }

  /** {@code probabilityCol} (default "probability"). */
  default Param<String> probabilityCol() {
    return columns().probabilityCol;
  }

  /** {@code rawPredictionCol} (default "rawPrediction"). */
  default Param<String> rawPredictionCol() {
    return columns().rawPredictionCol;
  }

  /** {@code handleInvalid}: error, skip or keep (default "error"). */
  default Param<String> handleInvalid() {
    return columns().handleInvalid;
  }

  /** {@code batchSize} per worker and for scoring (default 32). */
  default IntParam batchSize() {
    return columns().batchSize;
  }

  /** {@code maxSequenceLength} (default 0: never truncate). */
  default IntParam maxSequenceLength() {
    return columns().maxSequenceLength;
  }
}
