package org.birnn.pipelines.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Spark line this jar was built for, and the check every stage runs before it creates its
 * params: a jar of the other Scala line, or Spark 4.0.0, fails there with a message that says what
 * to do, instead of a {@code NoSuchMethodError} deep inside Spark.
 */
public final class SparkLine {
  /** The Spark version this jar was compiled against. */
  public static final String BUILT_FOR_SPARK;

  /** The Scala binary version of that Spark ({@code 2.13} or {@code 2.12}). */
  public static final String BUILT_FOR_SCALA;

  static {
    Properties p = new Properties();
    try (InputStream in = SparkLine.class.getResourceAsStream("line.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BUILT_FOR_SPARK = p.getProperty("spark.version", "unknown");
    BUILT_FOR_SCALA = p.getProperty("scala.binary.version", "unknown");
  }

  private SparkLine() {}

  /**
   * Checks the running Spark.
   *
   * @throws IllegalStateException on Spark 4.0.0 (SPARK-52259) or a Spark of another Scala line
   */
  public static void requireSupported() {
    check(
        org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        scala.util.Properties.versionNumberString());
  }

  static void check(String spark, String scala) {
    if (spark.equals("4.0.0")) {
      throw new IllegalStateException(
          "Spark 4.0.0 changed the binary signature of Param's constructor (SPARK-52259), which"
              + " breaks every third-party ML stage; upgrade Spark to 4.0.1 or newer");
    }
    if (!BUILT_FOR_SCALA.equals("unknown") && !scala.startsWith(BUILT_FOR_SCALA + ".")) {
      throw new IllegalStateException(
          "This birnn-spark jar is built for Spark "
              + BUILT_FOR_SPARK
              + " (Scala "
              + BUILT_FOR_SCALA
              + ") but runs on Spark "
              + spark
              + " (Scala "
              + scala
              + "); use the _"
              + (scala.startsWith("2.12") ? "2.12" : "2.13")
              + " artifacts (Maven profile -Pspark-3.5 builds the Scala 2.12 line)");
    }
  }
}
