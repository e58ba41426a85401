package org.birnn.pipelines.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The running Spark is checked before a stage makes its params. */
class SparkLineTest {
  @Test
  void theJarKnowsItsLineAndAcceptsTheSparkItRunsOn() {
    assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), SparkLine.BUILT_FOR_SPARK);
    SparkLine.requireSupported();
  }

  @Test
  void spark400IsRefusedNamingTheIssue() {
    var e = assertThrows(IllegalStateException.class, () -> SparkLine.check("4.0.0", "2.13.14"));
    assertEquals(
        "Spark 4.0.0 changed the binary signature of Param's constructor (SPARK-52259), which"
            + " breaks every third-party ML stage; upgrade Spark to 4.0.1 or newer",
        e.getMessage());
  }

  @Test
  void theOtherScalaLineIsRefusedNamingTheArtifact() {
    String other = SparkLine.BUILT_FOR_SCALA.equals("2.13") ? "2.12.18" : "2.13.16";
    var e = assertThrows(IllegalStateException.class, () -> SparkLine.check("3.5.7", other));
    assertEquals(
        true,
        e.getMessage().contains("use the _" + other.substring(0, 4) + " artifacts"),
        e.getMessage());
  }
}
