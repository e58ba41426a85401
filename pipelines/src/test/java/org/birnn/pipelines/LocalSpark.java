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

  @Override
  public void beforeAll(ExtensionContext context) {
    spark =
        SparkSession.builder()
            .master("local[2,2]")
            .appName(context.getDisplayName())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
