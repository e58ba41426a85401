package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Shared param {@code featuresCol}: features column name. */
public interface HasFeaturesCol extends Params {
  /** The param. */
  Param<String> featuresCol();

  /** The value or its default. */
  default String getFeaturesCol() {
    return (String) getOrDefault(featuresCol());
  }
}
