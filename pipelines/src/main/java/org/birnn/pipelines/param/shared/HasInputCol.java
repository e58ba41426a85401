package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Shared param {@code inputCol}: input column name. */
public interface HasInputCol extends Params {
  /** The param. */
  Param<String> inputCol();

  /** The value or its default. */
  default String getInputCol() {
    return (String) getOrDefault(inputCol());
  }
}
