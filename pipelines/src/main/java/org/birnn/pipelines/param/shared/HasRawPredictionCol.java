package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Shared param {@code rawPredictionCol}: column of raw class scores. */
public interface HasRawPredictionCol extends Params {
  /** The param. */
  Param<String> rawPredictionCol();

  /** The value or its default. */
  default String getRawPredictionCol() {
    return (String) getOrDefault(rawPredictionCol());
  }
}
