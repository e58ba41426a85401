package org.birnn.pipelines.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.crf.CRF;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.TextData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class TaggerTest {
  /** {@link TextData#taggedIds} in the class's session. */
  static Dataset<Row> tagged(int n, long seed, boolean names) {
    return TextData.taggedIds(LocalSpark.spark(), n, seed, names);
  }

  static BidirectionalRNNTagger small() {
    return new BidirectionalRNNTagger()
        .setFeaturesCol("ids")
        .setLabelCol("tags")
        .setUnits(16)
        .setEmbeddingDim(8)
        .setMaxIter(12)
        .setStepSize(0.02)
        .setBatchSize(16)
        .setAveragingFrequency(2)
        .setNumWorkers(2)
        .setSeed(5);
  }

  /** Token accuracy of the predictions against the tags. */
  static double accuracy(Dataset<Row> scored) {
    long right = 0;
    long all = 0;
    for (Row r : scored.select("tags", "prediction").collectAsList()) {
      List<Object> truth = r.getList(0);
      List<Object> pred = r.getList(1);
      assertEquals(truth.size(), pred.size(), "one prediction per token");
      for (int t = 0; t < truth.size(); t++) {
        right += truth.get(t).equals(pred.get(t)) ? 1 : 0;
        all++;
      }
    }
    return (double) right / all;
  }

  @Test
  void learnsTagsThatNeedTheNextTokenAndPredictsTheirNames() {
    Dataset<Row> train = tagged(300, 1, true).cache();
    Dataset<Row> test = tagged(100, 2, true);
    BidirectionalRNNTaggerModel model = small().setProbabilityCol("probability").fit(train);
    assertArrayEquals(new String[] {"UP", "DOWN", "END"}, sortedByTruthOrder(model.tags()));
    assertEquals(3, model.numTags());
    Dataset<Row> scored = model.transform(test);
    assertEquals(
        DataTypes.createArrayType(DataTypes.StringType, false),
        scored.schema().apply("prediction").dataType());
    double acc = accuracy(scored);
    assertTrue(acc > 0.9, "token accuracy " + acc);
    Row first = scored.select("ids", "probability").first();
    List<Vector> probs = first.getList(1);
    assertEquals(first.getList(0).size(), probs.size());
    for (Vector p : probs) {
      assertEquals(3, p.size());
      assertEquals(1.0, p.toArray()[0] + p.toArray()[1] + p.toArray()[2], 1e-5);
    }
    List<Double> loss = model.summary().trainLoss();
    assertEquals(12, loss.size(), "one training loss per epoch");
    assertTrue(loss.get(11) < loss.get(0) / 2, "the masked per-token loss fell: " + loss);
    train.unpersist();
  }

  /** The tag names are in frequency order; this puts them in a fixed order to compare. */
  private static String[] sortedByTruthOrder(String[] tags) {
    List<String> order = List.of("UP", "DOWN", "END");
    return java.util.Arrays.stream(tags)
        .sorted(java.util.Comparator.comparingInt(order::indexOf))
        .toArray(String[]::new);
  }

  @Test
  void crfTaggerLearnsAndKeepsItsTransitions(@TempDir Path dir) throws Exception {
    Dataset<Row> train = tagged(300, 3, false).cache();
    Dataset<Row> test = tagged(100, 4, false);
    BidirectionalRNNTaggerModel model = small().setCrf(true).fit(train);
    assertTrue(model.hasCrf());
    assertEquals(
        DataTypes.createArrayType(DataTypes.IntegerType, false),
        model.transform(test).schema().apply("prediction").dataType());
    double acc = accuracy(model.transform(test));
    assertTrue(acc > 0.9, "token accuracy " + acc);
    CRF crf = (CRF) model.network().layers().get(model.network().layers().size() - 1);
    double transitions = crf.weightArrays().get(0).norm2Number().doubleValue();
    assertNotEquals(0.0, transitions, "the averaged transitions were trained");

    String path = dir.resolve("tagger").toString();
    model.write().save(path);
    BidirectionalRNNTaggerModel back = BidirectionalRNNTaggerModel.load(path);
    assertEquals(model.uid(), back.uid());
    assertTrue(back.hasCrf());
    assertEquals(
        model.transform(test).select("prediction").collectAsList(),
        back.transform(test).select("prediction").collectAsList());
    train.unpersist();
  }

  @Test
  void worksInAPipelineAndSavesWithIt(@TempDir Path dir) throws Exception {
    Dataset<Row> train = tagged(80, 5, true);
    BidirectionalRNNTagger tagger = small().setMaxIter(2);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {tagger}).fit(train);
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel back = PipelineModel.load(path);
    assertEquals(
        fitted.transform(train).select("prediction").collectAsList(),
        back.transform(train).select("prediction").collectAsList());
    BidirectionalRNNTaggerModel m = (BidirectionalRNNTaggerModel) back.stages()[0];
    assertEquals(tagger.uid(), m.uid());
    assertEquals(16, m.getUnits());
  }

  @Test
  void aTagArrayOfAnotherLengthIsAnErrorNamingBoth() {
    List<Row> rows =
        List.of(
            RowFactory.create(new int[] {1, 2, 3}, new String[] {"A", "B", "A"}),
            RowFactory.create(new int[] {4, 5, 6, 7}, new String[] {"A", "B"}));
    StructType schema =
        new StructType()
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> bad = LocalSpark.spark().createDataFrame(rows, schema);
    Exception e = assertThrows(Exception.class, () -> small().setMaxIter(1).fit(bad));
    assertTrue(
        LocalSpark.rootMessage(e)
            .contains("A row has 4 steps in column 'ids' but 2 tags in column 'tags'"),
        LocalSpark.rootMessage(e));
    // 'skip' leaves the row out and trains on the rest.
    BidirectionalRNNTaggerModel m = small().setMaxIter(1).setHandleInvalid("skip").fit(bad);
    assertEquals(2, m.numTags());
  }

  @Test
  void badColumnsFailOnTheDriverNamingThem() {
    Dataset<Row> data = tagged(10, 6, true);
    IllegalArgumentException wrongLabels =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                small()
                    .setLabelCol("ids")
                    .fit(data.withColumn("ids", data.col("ids").cast("array<double>"))));
    assertTrue(wrongLabels.getMessage().contains("Column 'ids'"), wrongLabels.getMessage());
    IllegalArgumentException labels =
        assertThrows(
            IllegalArgumentException.class,
            () -> small().fit(data.withColumn("tags", org.apache.spark.sql.functions.lit("x"))));
    assertEquals(
        "Column 'tags' must hold one tag per token, array<string> or array<int>, but was string",
        labels.getMessage());
  }

  @Test
  void emptySequencesAreNamedAndCanBeSkipped() {
    List<Row> rows =
        List.of(
            RowFactory.create(new int[] {1, 2, 3}, new int[] {0, 1, 0}),
            RowFactory.create(new int[] {}, new int[] {}),
            RowFactory.create(new int[] {2, 1}, new int[] {1, 0}));
    StructType schema =
        new StructType()
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("tags", DataTypes.createArrayType(DataTypes.IntegerType));
    Dataset<Row> data = LocalSpark.spark().createDataFrame(rows, schema);
    Exception e = assertThrows(Exception.class, () -> small().setMaxIter(1).fit(data));
    assertTrue(
        LocalSpark.rootMessage(e).contains("Column 'ids' has a null or empty sequence"),
        LocalSpark.rootMessage(e));
    BidirectionalRNNTaggerModel m = small().setMaxIter(1).setHandleInvalid("skip").fit(data);
    m.setHandleInvalid("error"); // the fit's 'skip' was copied onto the model
    Exception scoring = assertThrows(Exception.class, () -> m.transform(data).collect());
    assertTrue(
        LocalSpark.rootMessage(scoring).contains("Column 'ids' has a null or empty sequence"),
        LocalSpark.rootMessage(scoring));
    assertEquals(2, m.setHandleInvalid("skip").transform(data).count());
    List<Row> kept =
        m.setHandleInvalid("keep").transform(data).select("prediction").collectAsList();
    assertEquals(3, kept.size());
    assertTrue(kept.get(1).isNullAt(0), "an empty sequence kept under 'keep' has no prediction");
  }

  @Test
  void taggerEncodingsAreOneVectorPerToken() {
    Dataset<Row> train = tagged(60, 1, true);
    BidirectionalRNNTaggerModel tagger =
        small().setMaxIter(1).setCrf(true).fit(train).setEncodingCol("encoding");
    Dataset<Row> encoded = tagger.transform(train);
    assertEquals(
        DataTypes.createArrayType(SQLDataTypes.VectorType(), false),
        encoded.schema().apply("encoding").dataType());
    for (Row r : encoded.select("ids", "encoding", "prediction").collectAsList()) {
      List<Vector> steps = r.getList(1);
      assertEquals(r.getList(0).size(), steps.size());
      assertEquals(32, steps.get(0).size(), "concat of two directions of 16 units");
    }
    // Scoring with encodings tags exactly as scoring without.
    assertEquals(
        tagger.setEncodingCol("").transform(train).select("prediction").collectAsList(),
        encoded.select("prediction").collectAsList());
  }

  @Test
  void crossValidatorPicksUnitsByTokenAccuracy() {
    Dataset<Row> data = tagged(120, 7, true).cache();
    BidirectionalRNNTagger tagger = small().setMaxIter(6);
    org.apache.spark.ml.param.ParamMap[] grid =
        new org.apache.spark.ml.tuning.ParamGridBuilder()
            .addGrid(tagger.units(), new int[] {2, 16})
            .build();
    org.apache.spark.ml.tuning.CrossValidatorModel cv =
        new org.apache.spark.ml.tuning.CrossValidator()
            .setEstimator(tagger)
            .setEstimatorParamMaps(grid)
            .setEvaluator(new SequenceTaggingEvaluator().setLabelCol("tags"))
            .setNumFolds(2)
            .setSeed(3)
            .fit(data);
    double[] metrics = cv.avgMetrics();
    assertEquals(2, metrics.length);
    assertTrue(metrics[1] > metrics[0], "16 units beat 2: " + java.util.Arrays.toString(metrics));
    assertEquals(16, ((BidirectionalRNNTaggerModel) cv.bestModel()).getUnits());
    data.unpersist();
  }

  @Test
  void evaluateChecksEveryLabelAgainstTheModelsTags() {
    Dataset<Row> train = tagged(60, 8, true);
    BidirectionalRNNTaggerModel m = small().setMaxIter(2).fit(train);
    java.util.Map<String, Double> metrics = m.evaluate(train);
    assertEquals(List.of("accuracy", "f1", "macroF1"), List.copyOf(metrics.keySet()));
    assertEquals(
        new SequenceTaggingEvaluator().setLabelCol("tags").evaluate(m.transform(train)),
        metrics.get("accuracy"),
        1e-12);

    List<Row> rows =
        List.of(RowFactory.create(new int[] {1, 2, 3}, new String[] {"UP", "SIDEWAYS", "END"}));
    StructType schema = train.schema();
    Exception unknown =
        assertThrows(
            Exception.class, () -> m.evaluate(LocalSpark.spark().createDataFrame(rows, schema)));
    assertTrue(
        LocalSpark.rootMessage(unknown)
            .contains(
                "Column 'tags' has tag 'SIDEWAYS' at step 1, which is not among the 3 tags the"
                    + " model knows"),
        LocalSpark.rootMessage(unknown));

    BidirectionalRNNTaggerModel byIndex = small().setMaxIter(1).fit(tagged(40, 9, false));
    List<Row> outOfRange = List.of(RowFactory.create(new int[] {1, 2}, new int[] {0, 7}));
    Exception index =
        assertThrows(
            Exception.class,
            () ->
                byIndex.evaluate(
                    LocalSpark.spark().createDataFrame(outOfRange, tagged(1, 1, false).schema())));
    assertTrue(
        LocalSpark.rootMessage(index)
            .contains("has tag index 7 at step 1, which is not below the 3 tags the model knows"),
        LocalSpark.rootMessage(index));
    IllegalArgumentException kind =
        assertThrows(IllegalArgumentException.class, () -> byIndex.evaluate(train));
    assertEquals(
        "Column 'tags' holds tag names but the model was fitted on tag indices", kind.getMessage());
  }

  @Test
  void tagsVectorStepsAndTakesAKerasNetworkWithAPerStepOutput() {
    // Steps of 3 features: one-hot of the word's class; tag = the class, or 3 for the step after
    // a class-2 word (so the tag depends on the step before).
    Random r = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int len = 2 + r.nextInt(5);
      double[][] steps = new double[len][3];
      int[] tags = new int[len];
      for (int t = 0; t < len; t++) {
        int c = r.nextInt(3);
        steps[t][c] = 1.0;
        tags[t] = t > 0 && steps[t - 1][2] == 1.0 ? 3 : c;
      }
      rows.add(RowFactory.create(steps, tags));
    }
    StructType schema =
        new StructType()
            .add(
                "steps", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
            .add("tags", DataTypes.createArrayType(DataTypes.IntegerType));
    Dataset<Row> data = LocalSpark.spark().createDataFrame(rows, schema);
    BidirectionalRNNTaggerModel model =
        small().setFeaturesCol("steps").setMaxIter(15).setStepSize(0.05).fit(data);
    assertEquals(4, model.numTags());
    assertTrue(accuracy(model.transform(data)) > 0.9);

    String json =
        org.birnn.layers.models.Sequential.of(
                org.birnn.layers.models.Input.shape(-1, 3),
                org.birnn.layers.core.Masking.of(0.0),
                org.birnn.layers.rnn.Bidirectional.of(
                    org.birnn.layers.rnn.GRU.builder().units(8).returnSequences(true).build()),
                org.birnn.layers.core.Dense.builder()
                    .units(4)
                    .activation(org.birnn.layers.activations.Activation.SOFTMAX)
                    .build())
            .toJson();
    BidirectionalRNNTaggerModel configured =
        small()
            .setFeaturesCol("steps")
            .setMaxIter(15)
            .setStepSize(0.05)
            .setModelConfig(json)
            .fit(data);
    assertTrue(
        configured.network().layers().stream()
            .anyMatch(
                l ->
                    l instanceof org.birnn.layers.rnn.Bidirectional b
                        && b.getConfig().toString().contains("GRU")));
    assertTrue(accuracy(configured.transform(data)) > 0.9);

    String lastStepOnly =
        org.birnn.layers.models.Sequential.of(
                org.birnn.layers.models.Input.shape(-1, 3),
                org.birnn.layers.rnn.Bidirectional.of(org.birnn.layers.rnn.GRU.of(8)),
                org.birnn.layers.core.Dense.builder().units(4).build())
            .toJson();
    // Refused on the driver before any job, from the config alone.
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> small().setFeaturesCol("steps").setModelConfig(lastStepOnly).fit(data));
    assertEquals(
        "Param modelConfig outputs shape [-1, 4] but a tagger needs one score per tag and step,"
            + " [batch, time, tags]",
        e.getMessage());
  }
}
