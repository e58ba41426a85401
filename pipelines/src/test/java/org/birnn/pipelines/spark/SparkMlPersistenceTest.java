package org.birnn.pipelines.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/** Our metadata is Spark's format: Spark's own reader reads what we write. */
@ExtendWith(LocalSpark.class)
class SparkMlPersistenceTest {
  @TempDir Path dir;

  @Test
  void sparksOwnReaderReadsOurMetadataAndSetsTheSameParams() {
    BidirectionalRNNClassifier clf =
        new BidirectionalRNNClassifier().setUnits(7).setMergeMode("sum").setStepSize(0.5);
    String path = dir.resolve("clf").toString();
    SparkMlPersistence.saveMetadata(clf, path, LocalSpark.spark().sparkContext());
    DefaultParamsReader.Metadata m =
        DefaultParamsReader.loadMetadata(
            path, LocalSpark.spark().sparkContext(), BidirectionalRNNClassifier.class.getName());
    assertEquals(clf.uid(), m.uid());
    assertEquals(LocalSpark.spark().version(), m.sparkVersion());
    BidirectionalRNNClassifier viaSpark = new BidirectionalRNNClassifier(m.uid());
    m.getAndSetParams(viaSpark, Option.empty());
    assertEquals(7, viaSpark.getUnits());
    assertEquals("sum", viaSpark.getMergeMode());
    assertEquals(0.5, viaSpark.getStepSize());
    assertTrue(m.metadataJson().contains("\"format\":\"birnn-spark-stage\""), m.metadataJson());
  }

  @Test
  void aParamThisBuildDoesNotHaveIsAClearError() throws Exception {
    BidirectionalRNNClassifier clf = new BidirectionalRNNClassifier().setUnits(7);
    String path = dir.resolve("clf").toString();
    SparkMlPersistence.saveMetadata(clf, path, LocalSpark.spark().sparkContext());
    Path part = Path.of(path, "metadata", "part-00000");
    Files.writeString(part, Files.readString(part).replace("\"units\"", "\"unitz\""));
    Files.deleteIfExists(part.resolveSibling(".part-00000.crc"));
    var e =
        assertThrows(IllegalArgumentException.class, () -> BidirectionalRNNClassifier.load(path));
    assertTrue(
        e.getMessage().contains("/metadata sets param 'unitz', which BidirectionalRNNClassifier"),
        e.getMessage());
  }
}
