package org.birnn.pipelines.persist;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;
import org.birnn.pipelines.spark.SparkMlPersistence;

/** Writes a stage that has only params (an Estimator): Spark's metadata, nothing else. */
public final class ParamsWriter extends MLWriter {
  private final Params instance;

  /** A writer of {@code instance}. */
  public ParamsWriter(Params instance) {
    this.instance = instance;
  }

  @Override
  public void saveImpl(String path) {
    SparkMlPersistence.saveMetadata(instance, path, sc());
  }
}
