package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code handleInvalid} covers every per-row problem, as Spark's own stages do: 'error' names the
 * column and value, 'skip' drops the row, 'keep' keeps it (unseen ids become id 1 when scoring).
 */
@ExtendWith(LocalSpark.class)
class HandleInvalidTest {
  private static final StructType IDS = ClassifierBadInputTest.IDS;
  private static final StructType ARRAYS = ClassifierBadInputTest.ARRAYS;
  private static BidirectionalRNNClassificationModel model;
  private static int vocab;

  @BeforeAll
  static void fit() {
    model = ClassifierTest.small().fit(ClassifierTest.ids(40, 4));
    vocab = 12; // ids 1..11 in ClassifierTest.ids: the Embedding has 12 rows
  }

  private static Dataset<Row> df(StructType schema, Row... rows) {
    return LocalSpark.spark().createDataFrame(List.of(rows), schema);
  }

  private static List<Row> score(BidirectionalRNNClassificationModel m, Dataset<Row> data) {
    return m.transform(data).select("prediction", "probability").collectAsList();
  }

  @Test
  void anUnseenTokenIdIsNamedUnderError() {
    Dataset<Row> data =
        df(
            IDS,
            RowFactory.create(new int[] {2, 3}, 0.0),
            RowFactory.create(new int[] {4, 99}, 0.0));
    Throwable t =
        assertThrows(
            Throwable.class,
            () -> score(model.copy(org.apache.spark.ml.param.ParamMap.empty()), data));
    String message = LocalSpark.rootMessage(t);
    assertTrue(
        message.contains(
            "Column 'features' has token id 99 at step 1, outside the vocabulary of "
                + vocab
                + " ids"),
        message);
  }

  @Test
  void anUnseenTokenIdBecomesTheOutOfVocabularyIdUnderKeep() {
    BidirectionalRNNClassificationModel keep =
        model.copy(org.apache.spark.ml.param.ParamMap.empty()).setHandleInvalid("keep");
    List<Row> unseen = score(keep, df(IDS, RowFactory.create(new int[] {4, 99, 7}, 0.0)));
    List<Row> oov = score(keep, df(IDS, RowFactory.create(new int[] {4, 1, 7}, 0.0)));
    assertArrayEquals(
        ((Vector) oov.get(0).get(1)).toArray(), ((Vector) unseen.get(0).get(1)).toArray(), 0.0);
  }

  @Test
  void skipDropsEveryKindOfInvalidRowWhenScoring() {
    Dataset<Row> data =
        df(
            IDS,
            RowFactory.create(new int[] {2, 3}, 0.0),
            RowFactory.create(new int[] {4, 99}, 0.0),
            RowFactory.create(new int[] {-1}, 0.0),
            RowFactory.create(null, 0.0));
    assertEquals(
        1,
        score(model.copy(org.apache.spark.ml.param.ParamMap.empty()).setHandleInvalid("skip"), data)
            .size());
    List<Row> kept =
        score(
            model.copy(org.apache.spark.ml.param.ParamMap.empty()).setHandleInvalid("keep"), data);
    assertEquals(4, kept.size());
    assertTrue(Double.isNaN(kept.get(2).getDouble(0)), "a negative id has no prediction");
    assertTrue(Double.isNaN(kept.get(3).getDouble(0)), "a null sequence has no prediction");
  }

  @Test
  void aNonFiniteStepIsNamedKeptAsNaNOrSkipped() {
    Dataset<Row> data =
        df(
            ARRAYS,
            RowFactory.create(new float[][] {{1f, 2f}, {3f, 4f}}, 0.0),
            RowFactory.create(new float[][] {{1f, 2f}, {3f, 5f}}, 1.0),
            RowFactory.create(new float[][] {{1f, 2f}, {3f, 4f}}, 0.0),
            RowFactory.create(new float[][] {{2f, 2f}, {3f, 5f}}, 1.0));
    BidirectionalRNNClassificationModel vectors = ClassifierTest.small().fit(data);
    Dataset<Row> bad =
        df(
            ARRAYS,
            RowFactory.create(new float[][] {{1f, 2f}}, 0.0),
            RowFactory.create(new float[][] {{1f, Float.NaN}}, 0.0));
    Throwable t =
        assertThrows(
            Throwable.class,
            () -> score(vectors.copy(org.apache.spark.ml.param.ParamMap.empty()), bad));
    assertTrue(
        LocalSpark.rootMessage(t)
            .contains("Column 'features' has a non-finite value NaN at step 0, feature 1"),
        LocalSpark.rootMessage(t));
    assertEquals(
        1,
        score(
                vectors.copy(org.apache.spark.ml.param.ParamMap.empty()).setHandleInvalid("skip"),
                bad)
            .size());
    List<Row> kept =
        score(
            vectors.copy(org.apache.spark.ml.param.ParamMap.empty()).setHandleInvalid("keep"), bad);
    assertEquals(2, kept.size());
    assertTrue(Double.isNaN(kept.get(1).getDouble(0)));
  }

  @Test
  void trainingLeavesInvalidRowsOutUnderSkipAndKeep() {
    Dataset<Row> good = ClassifierTest.ids(40, 4);
    Dataset<Row> withBad =
        good.union(
            df(
                IDS,
                RowFactory.create(new int[] {1, 2}, null),
                RowFactory.create(new int[] {1, 2}, -3.0),
                RowFactory.create(new int[] {1, 2}, 0.5)));
    for (String mode : new String[] {"skip", "keep"}) {
      BidirectionalRNNClassificationModel m =
          ClassifierTest.small().setHandleInvalid(mode).fit(withBad);
      assertArrayEquals(model.flatParams(), m.flatParams(), 0f, mode + ": the same fit as without");
    }
    // Under error the first bad row a task meets fails the fit, whichever of the three it is.
    Throwable t = assertThrows(Throwable.class, () -> ClassifierTest.small().fit(withBad));
    String message = LocalSpark.rootMessage(t);
    assertTrue(
        message.contains("Column 'label' has a null label")
            || message.contains("Column 'label' must hold class indices 0, 1, 2, ...; received"),
        message);
  }

  @Test
  void trainingWithAFixedVocabularyMapsUnseenIdsUnderKeep() {
    Dataset<Row> data = ClassifierTest.ids(40, 4);
    // vocabSize 11 makes id 11 (one of the two class markers) unseen.
    Throwable t =
        assertThrows(Throwable.class, () -> ClassifierTest.small().setVocabSize(11).fit(data));
    assertTrue(LocalSpark.rootMessage(t).contains("outside the vocabulary of 11 ids"));
    BidirectionalRNNClassificationModel keep =
        ClassifierTest.small().setVocabSize(11).setHandleInvalid("keep").fit(data);
    org.birnn.layers.core.Embedding embedding =
        keep.network().layers().stream()
            .filter(l -> l instanceof org.birnn.layers.core.Embedding)
            .map(l -> (org.birnn.layers.core.Embedding) l)
            .findFirst()
            .orElseThrow();
    assertEquals(11, embedding.inputDim());
  }
}
