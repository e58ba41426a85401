package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Shared param {@code probabilityCol}: column of class probabilities. */
public interface HasProbabilityCol extends Params {
  /** The param. */
  Param<String> probabilityCol();

  /** The value or its default. */
  default String getProbabilityCol() {
    return (String) getOrDefault(probabilityCol());
  }
}
