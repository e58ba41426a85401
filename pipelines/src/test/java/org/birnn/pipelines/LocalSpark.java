package org.birnn.pipelines;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local Spark session per test class: {@code local[2,2]} (two cores, a failed task is retried
 * once), no UI, two shuffle partitions; stopped after the class.
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
  private static SparkSession spark;

  /** The messages of {@code t} and all its causes, joined: Spark wraps a task's exception. */
  public static String rootMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  /** The session of the running test class. */
  public static SparkSession spark() {
    return spark;
  }

  /** The builder of the tests' sessions, for a test that needs a setting of its own as well. */
  public static SparkSession.Builder builder(String appName) {
    return SparkSession.builder()
        .master("local[2,2]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1");
  }

  /** Stops {@code session} and forgets it as the active and default one. */
  public static void stop(SparkSession session) {
    if (session != null) {
      session.stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    spark = builder(context.getDisplayName()).getOrCreate();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop(spark);
    spark = null;
  }
}
