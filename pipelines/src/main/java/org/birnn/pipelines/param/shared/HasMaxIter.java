package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Params;

/** Shared param {@code maxIter}: maximum number of iterations (epochs) (>= 0). */
public interface HasMaxIter extends Params {
  /** The param. */
  IntParam maxIter();

  /** The value or its default. */
  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }
}
