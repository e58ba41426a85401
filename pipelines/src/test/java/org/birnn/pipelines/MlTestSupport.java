package org.birnn.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;

/**
 * The one read/write round-trip check every stage's tests use (MLlib's {@code testDefaultReadWrite}
 * and {@code testEstimatorAndModelReadWrite}): save, refuse a second save to the same path, save
 * again with {@code overwrite()}, load, and compare class, uid and every param value.
 */
public final class MlTestSupport {
  private MlTestSupport() {}

  /**
   * Saves {@code stage} under {@code dir}, checks the save rules and loads it back with {@code
   * load}; returns the loaded stage, equal in class, uid and params.
   */
  public static <T extends Params & MLWritable> T assertReadWrite(
      T stage, Function<String, T> load, Path dir) {
    String path = dir.resolve(stage.getClass().getSimpleName() + "-" + stage.uid()).toString();
    try {
      stage.write().save(path);
      Exception again = assertThrows(Exception.class, () -> stage.write().save(path));
      assertTrue(again.getMessage().contains("already exists"), again.getMessage());
      stage.write().overwrite().save(path);
    } catch (java.io.IOException e) {
      throw new AssertionError("saving " + stage.uid() + " failed", e);
    }
    T loaded = load.apply(path);
    assertSame(stage.getClass(), loaded.getClass());
    assertEquals(stage.uid(), loaded.uid());
    for (Param<?> p : stage.params()) {
      Param<Object> q = loaded.getParam(p.name());
      assertEquals(stage.isSet(p), loaded.isSet(q), "whether " + p.name() + " is set");
      if (stage.isDefined(p)) {
        assertTrue(
            Objects.deepEquals(stage.getOrDefault(p), loaded.getOrDefault(q)),
            p.name() + ": " + stage.getOrDefault(p) + " became " + loaded.getOrDefault(q));
      }
    }
    return loaded;
  }

  /**
   * Fits {@code estimator} on {@code data}, round-trips the estimator and the model, and hands the
   * fitted and the loaded model to {@code check} (for example to compare their weights).
   */
  public static <E extends Estimator<M> & MLWritable, M extends Model<M> & MLWritable>
      M assertEstimatorAndModelReadWrite(
          E estimator,
          Dataset<?> data,
          Function<String, E> loadEstimator,
          Function<String, M> loadModel,
          Path dir,
          BiConsumer<M, M> check) {
    assertReadWrite(estimator, loadEstimator, dir);
    M model = estimator.fit(data);
    M loaded = assertReadWrite(model, loadModel, dir);
    check.accept(model, loaded);
    return loaded;
  }
}
