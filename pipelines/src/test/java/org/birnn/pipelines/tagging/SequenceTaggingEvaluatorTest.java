package org.birnn.pipelines.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class SequenceTaggingEvaluatorTest {
  private static Dataset<Row> rows(String[][]... pairs) {
    StructType schema =
        new StructType()
            .add("label", DataTypes.createArrayType(DataTypes.StringType))
            .add("prediction", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> rows =
        java.util.Arrays.stream(pairs).map(p -> RowFactory.create(p[0], p[1])).toList();
    return LocalSpark.spark().createDataFrame(rows, schema);
  }

  /** Counted by hand: see each metric's comment. */
  private static final Dataset<Row> example() {
    return rows(
        new String[][] {{"B-PER", "I-PER", "O", "B-LOC"}, {"B-PER", "I-PER", "O", "B-ORG"}},
        new String[][] {{"O", "B-LOC", "I-LOC"}, {"O", "B-LOC", "O"}});
  }

  private static double metric(String name) {
    return new SequenceTaggingEvaluator().setMetricName(name).evaluate(example());
  }

  @Test
  void tokenMetricsMatchTheHandCount() {
    // 5 of 7 tokens right.
    assertEquals(5.0 / 7, metric("accuracy"), 1e-12);
    // Token F1 per tag: B-PER 1, I-PER 1, O 0.8 (2 right, 1 false O), B-LOC 2/3, B-ORG 0, I-LOC 0.
    assertEquals((1 + 1 + 0.8 + 2.0 / 3) / 6, metric("macroF1"), 1e-12);
    // Weighted by true tokens: B-PER 1, I-PER 1, O 2, B-LOC 2, I-LOC 1 (of 7).
    assertEquals((1 + 1 + 2 * 0.8 + 2 * 2.0 / 3) / 7, metric("f1"), 1e-12);
  }

  @Test
  void spanMetricsCountExactEntityMatches() {
    // Truth PER(0,1) LOC(3) | LOC(1,2); prediction PER(0,1) ORG(3) | LOC(1): only PER matches.
    assertEquals(1.0 / 3, metric("spanPrecision"), 1e-12);
    assertEquals(1.0 / 3, metric("spanRecall"), 1e-12);
    assertEquals(1.0 / 3, metric("spanF1"), 1e-12);
  }

  @Test
  void spansFollowConllevalForEachScheme() {
    // IOB1: an I after O starts an entity; a type change starts another.
    assertEquals(
        Set.of(new Span(0, 1, "PER"), new Span(2, 2, "LOC")),
        Span.of(List.of("I-PER", "I-PER", "I-LOC")));
    // IOBES.
    assertEquals(
        Set.of(new Span(0, 0, "PER"), new Span(1, 2, "LOC")),
        Span.of(List.of("S-PER", "B-LOC", "E-LOC")));
    // BIO with an I of another type, and B after B.
    assertEquals(
        Set.of(new Span(0, 0, "PER"), new Span(1, 1, "LOC"), new Span(2, 2, "LOC")),
        Span.of(List.of("B-PER", "I-LOC", "B-LOC", "O")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Span.of(List.of("O", "NOUN")));
    assertEquals(
        "Span metrics need tags O or B-, I-, E-, S-TYPE (BIO, IOB or IOBES); received 'NOUN' at"
            + " token 1",
        e.getMessage());
  }

  @Test
  void integerTagsWorkForTokenMetrics() {
    StructType schema =
        new StructType()
            .add("tags", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("prediction", DataTypes.createArrayType(DataTypes.IntegerType));
    Dataset<Row> d =
        LocalSpark.spark()
            .createDataFrame(
                List.of(
                    RowFactory.create(new int[] {0, 1, 2}, new int[] {0, 1, 1}),
                    RowFactory.create(new int[] {2}, new int[] {2})),
                schema);
    assertEquals(0.75, new SequenceTaggingEvaluator().setLabelCol("tags").evaluate(d), 1e-12);
  }

  @Test
  void badInputIsNamed() {
    Exception lengths =
        assertThrows(
            Exception.class,
            () ->
                new SequenceTaggingEvaluator().evaluate(rows(new String[][] {{"O", "O"}, {"O"}})));
    assertTrue(
        LocalSpark.rootMessage(lengths)
            .contains("A row has 2 tags in column 'label' but 1 in column 'prediction'"),
        LocalSpark.rootMessage(lengths));
    IllegalArgumentException column =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SequenceTaggingEvaluator().setLabelCol("tags").evaluate(example()));
    assertTrue(column.getMessage().startsWith("Column 'tags' does not exist"), column.getMessage());
    IllegalArgumentException metric =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SequenceTaggingEvaluator().setMetricName("precision"));
    assertTrue(metric.getMessage().contains("metricName"), metric.getMessage());
  }

  @Test
  void savesAndLoads(@TempDir Path dir) throws Exception {
    SequenceTaggingEvaluator e = new SequenceTaggingEvaluator().setMetricName("spanF1");
    String path = dir.resolve("eval").toString();
    e.write().save(path);
    SequenceTaggingEvaluator back = SequenceTaggingEvaluator.load(path);
    assertEquals(e.uid(), back.uid());
    assertEquals("spanF1", back.getMetricName());
    assertEquals(1.0 / 3, back.evaluate(example()), 1e-12);
  }
}
