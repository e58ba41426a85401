package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Params;

/** Shared param {@code seed}: random seed. */
public interface HasSeed extends Params {
  /** The param. */
  LongParam seed();

  /** The value or its default. */
  default long getSeed() {
    return (Long) getOrDefault(seed());
  }
}
