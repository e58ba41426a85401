package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.TextData;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of bad input gives an error that names the column or param and the values. */
@ExtendWith(LocalSpark.class)
class ClassifierBadInputTest {

  private static Dataset<Row> df(StructType schema, Row... rows) {
    return LocalSpark.spark().createDataFrame(List.of(rows), schema);
  }

  static final StructType IDS =
      new StructType()
          .add("features", DataTypes.createArrayType(DataTypes.IntegerType))
          .add("label", DataTypes.DoubleType);
  static final StructType ARRAYS =
      new StructType()
          .add(
              "features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
          .add("label", DataTypes.DoubleType);

  private static BidirectionalRNNClassifier clf() {
    return ClassifierTest.small().setMaxIter(1);
  }

  private static final String VECTOR_MODEL =
      "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"InputLayer\",\"config\":"
          + "{\"batch_shape\":[null,null,3]}},{\"class_name\":\"Bidirectional\",\"config\":{\"merge_mode\":"
          + "\"concat\",\"layer\":{\"class_name\":\"GRU\",\"config\":{\"units\":2}}}},{\"class_name\":\"Dense\","
          + "\"config\":{\"units\":2,\"activation\":\"softmax\"}}]}}";

  static Stream<Arguments> cases() {
    Row good = RowFactory.create(new int[] {1, 2}, 1.0);
    return Stream.of(
        Arguments.of(
            "string features",
            (Executable)
                () -> clf().fit(TextData.texts(4, 2, 1).withColumnRenamed("text", "features")),
            "Column 'features' must be of type array<int> (token ids), array<array<float>> / array<array<double>>"
                + " or array<vector> (pre-embedded sequences) but was string"),
        Arguments.of(
            "missing column",
            (Executable) () -> clf().setFeaturesCol("ids").fit(df(IDS, good)),
            "Column 'ids' does not exist; available columns: [features, label]"),
        Arguments.of(
            "string label",
            (Executable) () -> clf().setLabelCol("features").fit(df(IDS, good)),
            "Column 'features' must be numeric (a class index 0, 1, ...) but was array<int>"),
        Arguments.of(
            "output exists",
            (Executable) () -> clf().setPredictionCol("label").fit(df(IDS, good)),
            "Output column 'label' already exists"),
        Arguments.of(
            "null row",
            (Executable) () -> clf().fit(df(IDS, good, RowFactory.create(null, 0.0))),
            "Column 'features' has a null or empty sequence; set handleInvalid to 'skip'"),
        Arguments.of(
            "empty sequence",
            (Executable) () -> clf().fit(df(IDS, good, RowFactory.create(new int[0], 0.0))),
            "Column 'features' has a null or empty sequence"),
        Arguments.of(
            "negative label",
            (Executable) () -> clf().fit(df(IDS, good, RowFactory.create(new int[] {1}, -1.0))),
            "Column 'label' must hold class indices 0, 1, 2, ...; received -1.0"),
        Arguments.of(
            "fractional label",
            (Executable) () -> clf().fit(df(IDS, good, RowFactory.create(new int[] {1}, 0.5))),
            "received 0.5"),
        Arguments.of(
            "null label",
            (Executable) () -> clf().fit(df(IDS, good, RowFactory.create(new int[] {1}, null))),
            "Column 'label' has a null label"),
        Arguments.of(
            "NaN feature",
            (Executable)
                () ->
                    clf().fit(df(ARRAYS, RowFactory.create(new float[][] {{1f, Float.NaN}}, 0.0))),
            "Column 'features' has a non-finite value NaN at step 0, feature 1"),
        Arguments.of(
            "ragged steps",
            (Executable)
                () -> clf().fit(df(ARRAYS, RowFactory.create(new float[][] {{1f, 2f}, {3f}}, 0.0))),
            "mixes step sizes: step 0 has 2 features, step 1 has 1"),
        Arguments.of(
            "vocabSize too small",
            (Executable) () -> clf().setVocabSize(2).fit(df(IDS, good)),
            "Column 'features' has token id 2 at step 1, outside the vocabulary of 2 ids [0, 2)"),
        Arguments.of(
            "modelConfig for vectors, ids given",
            (Executable) () -> clf().setModelConfig(VECTOR_MODEL).fit(df(IDS, good)),
            "Param modelConfig expects input shape [-1, -1, 3] but the features column holds token ids"),
        Arguments.of(
            "modelConfig of other width",
            (Executable)
                () ->
                    clf()
                        .setModelConfig(VECTOR_MODEL)
                        .fit(
                            df(
                                ARRAYS,
                                RowFactory.create(new float[][] {{1f, 2f}}, 0.0),
                                RowFactory.create(new float[][] {{2f, 1f}}, 1.0))),
            "Param modelConfig expects input shape [-1, -1, 3] but the features column holds sequences of 2 features"),
        Arguments.of(
            "modelConfig not JSON",
            (Executable) () -> clf().setModelConfig("{oops").fit(df(IDS, good)),
            "Param modelConfig is not a readable Keras model"),
        Arguments.of(
            "a stray label makes too many classes",
            (Executable) () -> clf().fit(df(IDS, good, RowFactory.create(new int[] {1}, 5000.0))),
            "Column 'label' has 5001 classes (its largest label gives) but maxClasses is 1000;"
                + " raise maxClasses"),
        Arguments.of(
            "label metadata with too many classes",
            (Executable)
                () ->
                    clf()
                        .setMaxClasses(10)
                        .fit(
                            df(IDS, good)
                                .withColumn(
                                    "label",
                                    org.apache.spark.sql.functions.col("label"),
                                    org.apache.spark.ml.attribute.NominalAttribute.defaultAttr()
                                        .withNumValues(50)
                                        .toMetadata())),
            "Column 'label' has 50 classes (its metadata names) but maxClasses is 10"),
        Arguments.of(
            "one class",
            (Executable)
                () ->
                    clf()
                        .fit(
                            df(
                                IDS,
                                RowFactory.create(new int[] {1, 2}, 0.0),
                                RowFactory.create(new int[] {3}, 0.0))),
            "Column 'label' holds one class (0) only"),
        Arguments.of(
            "rows of different widths",
            (Executable)
                () ->
                    clf()
                        .fit(
                            df(
                                ARRAYS,
                                RowFactory.create(new float[][] {{1f, 2f}}, 0.0),
                                RowFactory.create(new float[][] {{1f, 2f, 3f}}, 1.0))),
            "Column 'features' has rows of different step widths (2 and 3 features)"),
        Arguments.of(
            "a minibatch beyond a Java array",
            (Executable)
                () ->
                    clf()
                        .setBatchSize(40000)
                        .fit(
                            df(
                                IDS,
                                RowFactory.create(new int[70000], 0.0),
                                RowFactory.create(new int[] {1}, 1.0))),
            "A minibatch of 40000 sequences of 70000 steps holds 2800000000 values"),
        Arguments.of(
            "bad param value",
            (Executable) () -> clf().setMergeMode("max"),
            "mergeMode given invalid value max"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsRejectedWithAClearMessage(String name, Executable e, String fragment) {
    Throwable t = assertThrows(Throwable.class, e);
    String all = LocalSpark.rootMessage(t);
    assertTrue(all.contains(fragment), "expected [" + fragment + "] in: " + all);
  }
}
