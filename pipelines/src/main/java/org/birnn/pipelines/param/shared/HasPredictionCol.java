package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Shared param {@code predictionCol}: prediction column name. */
public interface HasPredictionCol extends Params {
  /** The param. */
  Param<String> predictionCol();

  /** The value or its default. */
  default String getPredictionCol() {
    return (String) getOrDefault(predictionCol());
  }
}
