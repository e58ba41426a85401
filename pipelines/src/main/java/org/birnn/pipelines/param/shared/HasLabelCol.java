package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Shared param {@code labelCol}: label column name (class index 0, 1, ...). */
public interface HasLabelCol extends Params {
  /** The param. */
  Param<String> labelCol();

  /** The value or its default. */
  default String getLabelCol() {
    return (String) getOrDefault(labelCol());
  }
}
