package org.birnn.pipelines.param.shared;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Params;

/** Shared param {@code aggregationDepth}: suggested depth for treeAggregate (>= 2). */
public interface HasAggregationDepth extends Params {
  /** The param. */
  IntParam aggregationDepth();

  /** The value or its default. */
  default int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }
}
