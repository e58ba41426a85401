package org.birnn.pipelines.classification;

import org.apache.spark.ml.param.Params;

/** The stages that share the classifier's column and inference params. */
interface ClassifierColumns extends Params {
  /** The shared params of this stage. */
  ColumnParams columns();
}
