package org.birnn.pipelines.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.saving.config.KerasJson;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.tagging.BidirectionalRNNTaggerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras files on Spark: models Keras 3.12 wrote score in {@code transform} as Keras predicted, and
 * a fit can start from one ({@code initialModel}).
 */
@ExtendWith(LocalSpark.class)
class KerasModelsTest {
  @TempDir Path dir;

  private Path resource(String name) throws IOException {
    Path out = dir.resolve(name);
    if (!Files.exists(out)) {
      try (InputStream in = KerasModelsTest.class.getResourceAsStream("/keras/" + name)) {
        Files.copy(in, out);
      }
    }
    return out;
  }

  private JsonNode fixture(String id) throws IOException {
    return KerasJson.MAPPER.readTree(Files.readAllBytes(resource(id + ".json")));
  }

  /** The fixture's id rows without their padding zeros, as {@code array<int>} rows. */
  private static Dataset<Row> idRows(JsonNode f) {
    JsonNode in = f.get("input");
    int cols = in.get("shape").get(1).asInt();
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < in.get("shape").get(0).asInt(); r++) {
      List<Integer> ids = new ArrayList<>();
      for (int c = 0; c < cols; c++) {
        int id = in.get("data").get(r * cols + c).asInt();
        if (id != 0) {
          ids.add(id);
        }
      }
      rows.add(RowFactory.create(ids.stream().mapToInt(Integer::intValue).toArray()));
    }
    StructType schema =
        new StructType().add("ids", DataTypes.createArrayType(DataTypes.IntegerType));
    return LocalSpark.spark().createDataFrame(rows, schema);
  }

  @Test
  void aKerasClassifierScoresInTransformAsKerasPredicted() throws IOException {
    JsonNode f = fixture("stacked_lstm_gru");
    BidirectionalRNNClassificationModel model =
        BidirectionalRNNClassificationModel.fromKeras(resource("stacked_lstm_gru.keras").toString())
            .setFeaturesCol("ids");
    assertEquals(3, model.numClasses());
    List<Row> scored = model.transform(idRows(f)).select("probability").collectAsList();
    JsonNode expected = f.get("expected_predictions").get("data");
    for (int r = 0; r < scored.size(); r++) {
      Vector p = scored.get(r).getAs(0);
      for (int c = 0; c < 3; c++) {
        assertEquals(expected.get(r * 3 + c).asDouble(), p.apply(c), 1e-5, "row " + r);
      }
    }
  }

  @Test
  void aKerasTaggerTagsEachTokenAsKerasPredicted() throws IOException {
    JsonNode f = fixture("tagger_lstm");
    String[] tags = {"A", "B", "C"};
    BidirectionalRNNTaggerModel model =
        BidirectionalRNNTaggerModel.fromKeras(resource("tagger_lstm.keras").toString(), tags)
            .setFeaturesCol("ids")
            .setProbabilityCol("probability");
    List<Row> scored =
        model.transform(idRows(f)).select("prediction", "probability").collectAsList();
    JsonNode expected = f.get("expected_predictions").get("data");
    int time = f.get("expected_predictions").get("shape").get(1).asInt();
    for (int r = 0; r < scored.size(); r++) {
      List<String> predicted = scored.get(r).getList(0);
      List<Vector> probs = scored.get(r).getList(1);
      for (int t = 0; t < predicted.size(); t++) {
        int best = 0;
        for (int c = 0; c < 3; c++) {
          double keras = expected.get((r * time + t) * 3 + c).asDouble();
          assertEquals(keras, probs.get(t).apply(c), 1e-5, "row " + r + " token " + t);
          if (keras > expected.get((r * time + t) * 3 + best).asDouble()) {
            best = c;
          }
        }
        assertEquals(tags[best], predicted.get(t));
      }
    }
    IllegalArgumentException wrongTags =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BidirectionalRNNTaggerModel.fromKeras(
                    resource("tagger_lstm.keras").toString(), new String[] {"A", "B"}));
    assertTrue(wrongTags.getMessage().contains("[batch, time, 2]"), wrongTags.getMessage());
  }

  @Test
  void aFitStartsFromAKerasNetwork() throws IOException {
    JsonNode f = fixture("stacked_lstm_gru");
    Dataset<Row> rows = idRows(f);
    List<Row> labelled = new ArrayList<>();
    List<Row> base = rows.collectAsList();
    for (int i = 0; i < 30; i++) {
      labelled.add(RowFactory.create(base.get(i % base.size()).get(0), (double) (i % 3)));
    }
    Dataset<Row> train =
        LocalSpark.spark()
            .createDataFrame(
                labelled,
                new StructType()
                    .add("ids", DataTypes.createArrayType(DataTypes.IntegerType))
                    .add("label", DataTypes.DoubleType));
    String keras = resource("stacked_lstm_gru.keras").toString();
    // A step too small to move the weights: the fitted network is the imported one.
    BidirectionalRNNClassificationModel tuned =
        new BidirectionalRNNClassifier()
            .setFeaturesCol("ids")
            .setInitialModel(keras)
            .setMaxIter(1)
            .setStepSize(1e-12)
            .setNumWorkers(1)
            .fit(train);
    assertEquals(
        BidirectionalRNNClassificationModel.fromKeras(keras).network().toJson().length(),
        tuned.network().toJson().length());
    List<Row> scored = tuned.transform(rows).select("probability").collectAsList();
    JsonNode expected = f.get("expected_predictions").get("data");
    for (int r = 0; r < scored.size(); r++) {
      Vector p = scored.get(r).getAs(0);
      for (int c = 0; c < 3; c++) {
        assertEquals(expected.get(r * 3 + c).asDouble(), p.apply(c), 1e-5, "row " + r);
      }
    }
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BidirectionalRNNClassifier()
                    .setFeaturesCol("ids")
                    .setInitialModel(keras)
                    .setModelConfig("{}")
                    .fit(train));
    assertTrue(both.getMessage().startsWith("Params initialModel and modelConfig are both set"));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BidirectionalRNNClassifier()
                    .setFeaturesCol("ids")
                    .setInitialModel(dir.resolve("none.keras").toString())
                    .fit(train));
    assertTrue(
        missing
            .getMessage()
            .startsWith("Param initialModel: cannot read " + dir.resolve("none.keras")),
        missing.getMessage());
  }

  @Test
  void aFittedModelExportsToKerasAndComesBackScoringTheSame() throws IOException {
    BidirectionalRNNClassificationModel keras =
        BidirectionalRNNClassificationModel.fromKeras(resource("stacked_lstm_gru.keras").toString())
            .setFeaturesCol("ids");
    Path out = dir.resolve("exported.keras");
    keras.saveKeras(out.toString());
    BidirectionalRNNClassificationModel back =
        BidirectionalRNNClassificationModel.fromKeras(out.toString()).setFeaturesCol("ids");
    Dataset<Row> rows = idRows(fixture("stacked_lstm_gru"));
    assertEquals(
        keras.transform(rows).select("probability").collectAsList(),
        back.transform(rows).select("probability").collectAsList());
  }

  @Test
  void aKerasModelEndingInLogitsIsRefusedNamingItsLastLayer() throws IOException {
    org.birnn.layers.models.Model logits =
        org.birnn.layers.models.Sequential.of(
            org.birnn.layers.models.Input.shape(-1),
            org.birnn.layers.core.Embedding.builder().inputDim(9).outputDim(3).build(),
            org.birnn.layers.rnn.Bidirectional.of(
                org.birnn.layers.rnn.LSTM.builder().units(2).build()),
            org.birnn.layers.core.Dense.builder().units(3).build());
    Path file = dir.resolve("logits.keras");
    org.birnn.layers.models.ModelIO.saveKeras(logits, file);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BidirectionalRNNClassificationModel.fromKeras(file.toString()));
    assertTrue(
        e.getMessage()
            .startsWith(
                file
                    + " ends in layer '"
                    + logits.outputLayer().name()
                    + "' with activation linear: it outputs logits"),
        e.getMessage());
  }
}
