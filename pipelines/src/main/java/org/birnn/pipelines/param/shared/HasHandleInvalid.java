package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Shared param {@code handleInvalid}: what to do with null or empty rows: error, skip or keep. */
public interface HasHandleInvalid extends Params {
  /** The param. */
  Param<String> handleInvalid();

  /** The value or its default. */
  default String getHandleInvalid() {
    return (String) getOrDefault(handleInvalid());
  }
}
