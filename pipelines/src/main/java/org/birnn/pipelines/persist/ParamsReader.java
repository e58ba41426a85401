package org.birnn.pipelines.persist;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.birnn.pipelines.spark.SparkMlPersistence;

/**
 * Reads a params-only stage: creates it with its {@code (String uid)} constructor and sets the
 * saved params.
 *
 * @param <T> the stage class
 */
public final class ParamsReader<T extends Params> extends MLReader<T> {
  private final Class<T> type;

  /** A reader of stages of class {@code type}. */
  public ParamsReader(Class<T> type) {
    this.type = type;
  }

  @Override
  public T load(String path) {
    SparkMlPersistence.Metadata meta = SparkMlPersistence.loadMetadata(path, sc(), type.getName());
    String uid = meta.uid();
    T instance;
    try {
      instance = type.getConstructor(String.class).newInstance(uid);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          type.getName() + " needs a public (String uid) constructor", e);
    }
    meta.applyTo(instance);
    return instance;
  }
}
