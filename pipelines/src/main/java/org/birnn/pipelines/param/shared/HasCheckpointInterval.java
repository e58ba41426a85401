package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Params;

/** Shared param {@code checkpointInterval}: checkpoint interval. */
public interface HasCheckpointInterval extends Params {
  /** The param. */
  IntParam checkpointInterval();

  /** The value or its default. */
  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }
}
