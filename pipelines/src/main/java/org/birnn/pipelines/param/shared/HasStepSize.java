package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Params;

/** Shared param {@code stepSize}: step size (learning rate) (> 0). */
public interface HasStepSize extends Params {
  /** The param. */
  DoubleParam stepSize();

  /** The value or its default. */
  default double getStepSize() {
    return (Double) getOrDefault(stepSize());
  }
}
