package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Shared param {@code outputCol}: output column name. */
public interface HasOutputCol extends Params {
  /** The param. */
  Param<String> outputCol();

  /** The value or its default. */
  default String getOutputCol() {
    return (String) getOrDefault(outputCol());
  }
}
