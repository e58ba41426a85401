package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.class)
class ClassifierTest {

  /** Token-id rows: class c has cue id 10 + c somewhere; ids 1..9 are filler. */
  static Dataset<Row> ids(int n, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(2);
      int len = 2 + r.nextInt(6);
      int[] v = new int[len];
      for (int t = 0; t < len; t++) {
        v[t] = 1 + r.nextInt(9);
      }
      v[r.nextInt(len)] = 10 + c;
      rows.add(RowFactory.create(v, (double) c));
    }
    StructType schema =
        new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("label", DataTypes.DoubleType);
    return LocalSpark.spark().createDataFrame(rows, schema);
  }

  static BidirectionalRNNClassifier small() {
    return new BidirectionalRNNClassifier()
        .setUnits(4)
        .setEmbeddingDim(4)
        .setMaxIter(2)
        .setBatchSize(8)
        .setNumWorkers(2)
        .setSeed(3);
  }

  @Test
  void paramsFollowSparkConventions() {
    BidirectionalRNNClassifier clf = new BidirectionalRNNClassifier();
    Param<?>[] params = clf.params();
    List<String> names = java.util.Arrays.stream(params).map(Param::name).toList();
    assertTrue(
        names.containsAll(
            List.of(
                "featuresCol",
                "labelCol",
                "predictionCol",
                "probabilityCol",
                "rawPredictionCol",
                "handleInvalid",
                "batchSize",
                "maxSequenceLength",
                "units",
                "seed")),
        names.toString());

    for (int i = 1; i < params.length; i++) {
      assertTrue(params[i - 1].name().compareTo(params[i].name()) < 0, "params are sorted");
    }
    for (Param<?> p : params) {
      assertEquals(clf.uid(), p.parent(), p.name());
      assertTrue(clf.hasDefault(p) || p.name().equals("seed"), "default for " + p.name());
    }
    BidirectionalRNNClassifier copy = clf.copy(ParamMap.empty().put(clf.units(), 7));
    assertSame(BidirectionalRNNClassifier.class, copy.getClass());
    assertEquals(7, (Integer) copy.getOrDefault(copy.units()));
    assertEquals(clf.uid(), copy.uid());
    String explained = clf.explainParams();
    assertTrue(explained.contains("units: units per direction (> 0) (default: 32)"), explained);
    for (double bad : new double[] {0, -1, Double.POSITIVE_INFINITY, Double.NaN}) {
      IllegalArgumentException step =
          assertThrows(IllegalArgumentException.class, () -> clf.setStepSize(bad));
      assertTrue(
          step.getMessage().contains("stepSize given invalid value " + bad), step.getMessage());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clf.setUnits(0));
    assertTrue(e.getMessage().contains("units given invalid value 0"), e.getMessage());
  }

  @Test
  void theModelHasTheEstimatorsParamsAndReportsWhatItWasFittedWith() {
    BidirectionalRNNClassifier clf = small().setCellType("gru").setMergeMode("sum");
    BidirectionalRNNClassificationModel m = clf.fit(ids(40, 2));
    List<String> estimator = java.util.Arrays.stream(clf.params()).map(Param::name).toList();
    List<String> model = java.util.Arrays.stream(m.params()).map(Param::name).toList();
    // The model is an MLlib ProbabilisticClassificationModel: it adds MLlib's thresholds.
    List<String> plusThresholds = new ArrayList<>(estimator);
    plusThresholds.add("thresholds");
    java.util.Collections.sort(plusThresholds);
    assertEquals(plusThresholds, model);
    assertTrue(m instanceof org.apache.spark.ml.classification.ProbabilisticClassificationModel);
    assertEquals(2, m.numClasses());
    assertTrue(m.hasSummary());
    assertEquals(m.summary().roundLosses().size(), m.summary().objectiveHistory().length);
    // One sequence through MLlib's per-row API equals its row of transform.
    Row first = m.transform(ids(40, 2)).select("features", "probability", "prediction").first();
    int[] firstIds = first.<Integer>getList(0).stream().mapToInt(Integer::intValue).toArray();
    assertArrayEquals(
        ((org.apache.spark.ml.linalg.Vector) first.get(1)).toArray(),
        m.predictProbability(firstIds).toArray(),
        1e-6);
    assertEquals(first.getDouble(2), m.predict(firstIds));
    // MLlib's thresholds: a threshold of 0 makes its class win every row.
    List<Row> forced =
        m.copy(ParamMap.empty())
            .setThresholds(new double[] {1, 0})
            .transform(ids(40, 2))
            .select("prediction")
            .collectAsList();
    assertTrue(forced.stream().allMatch(r -> r.getDouble(0) == 1.0), forced.toString());
    assertEquals("gru", m.getCellType());
    assertEquals("sum", m.getMergeMode());
    assertEquals(4, m.getUnits());
    assertEquals(2, m.getMaxIter());
    assertEquals(3L, m.getSeed());
    assertEquals(m.uid(), m.units().parent());
    BidirectionalRNNClassificationModel copy = m.copy(ParamMap.empty().put(m.batchSize(), 5));
    assertSame(BidirectionalRNNClassificationModel.class, copy.getClass());
    assertEquals(5, copy.getBatchSize());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clf.setMergeMode("none"));
    assertTrue(e.getMessage().contains("mergeMode given invalid value none"), e.getMessage());
  }

  @Test
  void trainsOnPreEmbeddedVectorSequencesAndArraysToo() {
    Random r = new Random(5);
    List<Row> vecRows = new ArrayList<>();
    List<Row> arrRows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int c = r.nextInt(2);
      int len = 2 + r.nextInt(4);
      org.apache.spark.ml.linalg.Vector[] v = new org.apache.spark.ml.linalg.Vector[len];
      double[][] a = new double[len][];
      for (int t = 0; t < len; t++) {
        a[t] = new double[] {c == 0 ? 1 : -1, r.nextGaussian() * 0.1 + 0.5};
        v[t] = Vectors.dense(a[t]);
      }
      vecRows.add(RowFactory.create(v, (double) c));
      arrRows.add(RowFactory.create(a, (double) c));
    }
    StructType vs =
        new StructType()
            .add("features", DataTypes.createArrayType(new org.apache.spark.ml.linalg.VectorUDT()))
            .add("label", DataTypes.DoubleType);
    StructType as =
        new StructType()
            .add(
                "features",
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
            .add("label", DataTypes.DoubleType);
    for (Dataset<Row> df :
        List.of(
            LocalSpark.spark().createDataFrame(vecRows, vs),
            LocalSpark.spark().createDataFrame(arrRows, as))) {
      BidirectionalRNNClassificationModel m = small().setMaxIter(3).setStepSize(0.05).fit(df);
      double acc =
          new MulticlassClassificationEvaluator()
              .setMetricName("accuracy")
              .evaluate(m.transform(df));
      assertTrue(acc > 0.9, "accuracy " + acc);
    }
  }

  @Test
  void sameDataSeedAndParamsGiveTheSameModel() {
    Dataset<Row> df = ids(40, 1);
    assertArrayEquals(small().fit(df).flatParams(), small().fit(df).flatParams(), 0f);
  }

  @Test
  void transformKeepsRowOrderAndHandlesEmptySequences() {
    BidirectionalRNNClassificationModel m = small().fit(ids(40, 2));
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("features", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("label", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(RowFactory.create(i, i == 5 ? new int[0] : new int[] {1 + i % 9, 10 + i % 2}, 0.0));
    }
    Dataset<Row> df = LocalSpark.spark().createDataFrame(rows, schema).repartition(1);
    Exception e = assertThrows(Exception.class, () -> m.transform(df).collectAsList());
    assertTrue(
        LocalSpark.rootMessage(e).contains("Column 'features' has a null or empty sequence"));
    List<Row> kept = m.setHandleInvalid("keep").transform(df).collectAsList();
    assertEquals(20, kept.size());
    for (int i = 0; i < 20; i++) {
      assertEquals(i, kept.get(i).getInt(0), "row order");
    }
    assertTrue(Double.isNaN(kept.get(5).getDouble(kept.get(5).fieldIndex("prediction"))));
    assertNull(kept.get(5).get(kept.get(5).fieldIndex("probability")));
    assertEquals(19, m.setHandleInvalid("skip").transform(df).count());
  }

  @Test
  void crossValidatorTunesUnitsAndStepSize() {
    BidirectionalRNNClassifier clf = small().setMaxIter(1);
    CrossValidator cv =
        new CrossValidator()
            .setEstimator(clf)
            .setEstimatorParamMaps(
                new ParamGridBuilder()
                    .addGrid(clf.units(), new int[] {2, 4})
                    .addGrid(clf.stepSize(), new double[] {0.01, 0.05})
                    .build())
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
            .setNumFolds(2)
            .setSeed(1);
    CrossValidatorModel model = cv.fit(ids(40, 3));
    assertEquals(4, model.avgMetrics().length);
    assertTrue(model.bestModel() instanceof BidirectionalRNNClassificationModel);
  }
}
