package org.birnn.pipelines.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.training.SequenceExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Feature and label columns are read from Spark's internal rows: every accepted type gives the
 * values it holds, and {@code transform} gives exactly the network's own predictions.
 */
@ExtendWith(LocalSpark.class)
class SequenceFeaturesTest {
  private static List<SequenceExample> read(Dataset<Row> df, int maxLength) {
    DataType f = df.schema().apply(0).dataType();
    DataType l = df.schema().apply(1).dataType();
    return df.queryExecution()
        .toRdd()
        .toJavaRDD()
        .map(
            r ->
                r.isNullAt(0)
                    ? new SequenceExample(new float[0], 0, -1, -1)
                    : org.birnn.pipelines.spark.SparkRows.example(
                        r,
                        0,
                        f,
                        maxLength,
                        0,
                        org.birnn.pipelines.spark.SparkRows.label(r, 1, l, "label"),
                        "features",
                        0,
                        false))
        .collect();
  }

  private static Dataset<Row> frame(DataType features, DataType label, List<Row> rows) {
    return LocalSpark.spark()
        .createDataFrame(rows, new StructType().add("features", features).add("label", label));
  }

  @Test
  void everyIdAndLabelTypeReadsItsValues() {
    Object[][] cases = {
      {DataTypes.IntegerType, new Object[] {3, 0, 7}, DataTypes.IntegerType, 2},
      {DataTypes.LongType, new Object[] {3L, 0L, 7L}, DataTypes.LongType, 2L},
      {
        DataTypes.ShortType, new Object[] {(short) 3, (short) 0, (short) 7}, DataTypes.FloatType, 2f
      },
      {
        DataTypes.IntegerType,
        new Object[] {3, 0, 7},
        DataTypes.createDecimalType(10, 2),
        new BigDecimal("2.00")
      },
    };
    for (Object[] c : cases) {
      List<Row> rows = List.of(RowFactory.create(Arrays.asList((Object[]) c[1]), c[3]));
      SequenceExample e =
          read(frame(DataTypes.createArrayType((DataType) c[0]), (DataType) c[2], rows), 0).get(0);
      assertArrayEquals(new float[] {3, 0, 7}, e.values(), 0f, c[0] + " ids");
      assertEquals(3, e.length());
      assertEquals(0, e.dim());
      assertEquals(2, e.label(), c[2] + " label");
    }
  }

  @Test
  void floatDoubleAndVectorStepsReadTheirValuesAndMaxLengthCuts() {
    double[][] steps = {{0.5, -1.25}, {3, 4}, {1e-3, 0}};
    List<Row> floats = new ArrayList<>();
    List<Row> doubles = new ArrayList<>();
    List<Row> vectors = new ArrayList<>();
    List<Object> f = new ArrayList<>();
    List<Object> d = new ArrayList<>();
    List<Object> v = new ArrayList<>();
    for (int t = 0; t < steps.length; t++) {
      f.add(Arrays.asList((float) steps[t][0], (float) steps[t][1]));
      d.add(Arrays.asList(steps[t][0], steps[t][1]));
      // Sparse and dense vectors both.
      v.add(
          t == 2
              ? Vectors.sparse(2, new int[] {0}, new double[] {steps[t][0]})
              : Vectors.dense(steps[t]));
    }
    floats.add(RowFactory.create(f, 1.0));
    doubles.add(RowFactory.create(d, 1.0));
    vectors.add(RowFactory.create(v, 1.0));
    float[] expected = {0.5f, -1.25f, 3, 4, 1e-3f, 0};
    DataType arr = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType));
    DataType arrD = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType));
    DataType vec = DataTypes.createArrayType(new VectorUDT());
    for (Dataset<Row> df :
        List.of(
            frame(arr, DataTypes.DoubleType, floats),
            frame(arrD, DataTypes.DoubleType, doubles),
            frame(vec, DataTypes.DoubleType, vectors))) {
      SequenceExample e = read(df, 0).get(0);
      assertArrayEquals(expected, e.values(), 0f, df.schema().apply(0).dataType().toString());
      assertEquals(2, e.dim());
      assertEquals(1, e.label());
      SequenceExample cut = read(df, 2).get(0);
      assertArrayEquals(Arrays.copyOf(expected, 4), cut.values(), 0f);
      assertEquals(2, cut.length());
    }
  }

  @Test
  void badValuesNameTheColumnStepAndFeature() {
    DataType arr = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType));
    List<Object> withNull = new ArrayList<>();
    withNull.add(Arrays.asList(1f, 2f));
    withNull.add(Arrays.asList(1f, null));
    List<Object> mixed = List.of(Arrays.asList(1f, 2f), Arrays.asList(1f));
    List<Object> nullId = Arrays.asList(1, null);
    String[][] cases = {
      {"null feature", "Column 'features' has a non-finite value NaN at step 1, feature 1"},
      {"mixed", "Column 'features' mixes step sizes: step 0 has 2 features, step 1 has 1"},
      {"null id", "Column 'features' has a null token id at step 1"},
      {"label", "Column 'label' must hold class indices 0, 1, 2, ...; received 1.5"},
    };
    List<Dataset<Row>> frames =
        List.of(
            frame(arr, DataTypes.DoubleType, List.of(RowFactory.create(withNull, 0.0))),
            frame(arr, DataTypes.DoubleType, List.of(RowFactory.create(mixed, 0.0))),
            frame(
                DataTypes.createArrayType(DataTypes.IntegerType),
                DataTypes.DoubleType,
                List.of(RowFactory.create(nullId, 0.0))),
            frame(
                DataTypes.createArrayType(DataTypes.IntegerType),
                DataTypes.DoubleType,
                List.of(RowFactory.create(List.of(1), 1.5))));
    for (int i = 0; i < cases.length; i++) {
      Dataset<Row> df = frames.get(i);
      Exception e = assertThrows(Exception.class, () -> read(df, 0));
      String msg = LocalSpark.rootMessage(e);
      assertTrue(msg.contains(cases[i][1]), cases[i][0] + ": " + msg);
    }
  }

  @Test
  void transformGivesTheNetworksOwnPredictionsForFloatSequencesOfMixedLengths() {
    Random r = new Random(11);
    List<Row> rows = new ArrayList<>();
    List<float[][]> seqs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int c = i % 2;
      int len = 1 + r.nextInt(6);
      float[][] s = new float[len][3];
      List<Object> steps = new ArrayList<>();
      for (int t = 0; t < len; t++) {
        for (int k = 0; k < 3; k++) {
          s[t][k] = (float) (r.nextGaussian() * 0.3 + (k == 0 ? 2 * c - 1 : 0));
        }
        steps.add(Arrays.asList(s[t][0], s[t][1], s[t][2]));
      }
      seqs.add(s);
      rows.add(RowFactory.create(i, steps, (double) c));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add(
                "features",
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
            .add("label", DataTypes.DoubleType);
    Dataset<Row> df = LocalSpark.spark().createDataFrame(rows, schema).repartition(2);
    BidirectionalRNNClassificationModel m =
        new BidirectionalRNNClassifier()
            .setUnits(4)
            .setBatchSize(8)
            .setMaxIter(2)
            .setSeed(3)
            .fit(df)
            .setBatchSize(7);
    List<Row> scored = m.transform(df).collectAsList();
    assertEquals(40, scored.size());
    for (Row row : scored) {
      int id = row.getInt(0);
      float[][] s = seqs.get(id);
      INDArray x = Nd4j.create(new float[][][] {s});
      float[] expected = m.network().predict(x).toFloatVector();
      Vector p = row.getAs("probability");
      Vector raw = row.getAs("rawPrediction");
      for (int c = 0; c < 2; c++) {
        // Scored padded in a batch of 7 and alone: equal to float rounding.
        assertEquals(expected[c], p.apply(c), 2e-6, "row " + id + " class " + c);
        assertEquals(Math.log(p.apply(c)), raw.apply(c), 1e-12, "row " + id);
      }
      assertEquals(p.argmax(), row.getDouble(row.fieldIndex("prediction")), 0.0);
      assertEquals(row.get(row.fieldIndex("label")), (double) (id % 2)); // passed through
    }
  }

  @Test
  void aStreamingDatasetIsRefusedWithTheWayToScoreIt() {
    BidirectionalRNNClassificationModel m =
        new BidirectionalRNNClassifier()
            .setUnits(2)
            .setMaxIter(1)
            .fit(
                frame(
                    DataTypes.createArrayType(DataTypes.IntegerType),
                    DataTypes.DoubleType,
                    List.of(
                        RowFactory.create(List.of(1, 2), 0.0),
                        RowFactory.create(List.of(2, 1), 1.0))));
    Dataset<Row> stream =
        LocalSpark.spark()
            .readStream()
            .format("rate")
            .load()
            .selectExpr("array(cast(value % 3 as int)) as features");
    Exception e = assertThrows(UnsupportedOperationException.class, () -> m.transform(stream));
    assertTrue(e.getMessage().contains("foreachBatch"), e.getMessage());
  }
}
