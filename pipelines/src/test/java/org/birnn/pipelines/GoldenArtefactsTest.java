package org.birnn.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.training.Checkpoints;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pipelines, estimators and checkpoints saved by every released format still load and behave as
 * when they were saved (test resources {@code golden/<version>/}; see its README). This test stays
 * forever, as MLlib keeps its old models loadable.
 */
@ExtendWith(LocalSpark.class)
class GoldenArtefactsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> versions() throws Exception {
    Path golden = Path.of(GoldenArtefactsTest.class.getResource("/golden").toURI());
    List<Path> dirs;
    try (Stream<Path> s = Files.list(golden)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(dirs.size() >= 3, "golden versions: " + dirs);
    return dirs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versions")
  void aSavedPipelineScoresAsWhenItWasSaved(Path version) throws Exception {
    JsonNode expected = JSON.readTree(version.resolve("pipeline-expected.json").toFile());
    List<Row> rows = new ArrayList<>();
    expected.forEach(e -> rows.add(RowFactory.create(e.get("text").asText())));
    Dataset<Row> texts =
        LocalSpark.spark()
            .createDataFrame(rows, new StructType().add("text", DataTypes.StringType));
    PipelineModel model = PipelineModel.load(version.resolve("pipeline").toString());
    List<Row> scored = model.transform(texts).select("prediction", "probability").collectAsList();
    for (int i = 0; i < scored.size(); i++) {
      JsonNode e = expected.get(i);
      assertEquals(e.get("prediction").asDouble(), scored.get(i).getDouble(0), "row " + i);
      double[] p = JSON.treeToValue(e.get("probability"), double[].class);
      assertArrayEquals(p, ((Vector) scored.get(i).get(1)).toArray(), 1e-6, "row " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versions")
  void aSavedEstimatorLoadsWithItsParams(Path version) {
    BidirectionalRNNClassifier clf =
        BidirectionalRNNClassifier.load(version.resolve("estimator").toString());
    assertEquals("ids", clf.getFeaturesCol());
    assertEquals(4, clf.getUnits());
    assertEquals(2, clf.getMaxIter());
    assertEquals(3L, clf.getSeed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versions")
  void aSavedCheckpointReadsBack(Path version) throws Exception {
    JsonNode e = JSON.readTree(version.resolve("checkpoint-expected.json").toFile());
    Checkpoints.State s =
        Checkpoints.read(
            version.resolve("checkpoint").toUri().toString(),
            LocalSpark.spark().sparkContext().hadoopConfiguration());
    assertEquals(e.get("epoch").asInt(), s.epoch());
    assertEquals(e.get("round").asInt(), s.round());
    assertEquals(e.get("globalRound").asInt(), s.globalRound());
    assertEquals(e.get("iterations").asLong(), s.iterations());
    assertEquals(e.get("params").asInt(), s.params().length);
    assertEquals(e.get("state").asInt(), s.state().length);
    double sum = 0;
    for (float f : s.params()) {
      sum += f;
    }
    assertEquals(e.get("paramsSum").asDouble(), sum, 0.0);
  }
}
