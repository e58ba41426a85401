package org.birnn.pipelines.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.MlTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class TokenIndexerTest {
  @TempDir Path dir;

  static Dataset<Row> tokens(List<String>... rows) {
    StructType schema =
        new StructType().add("tokens", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> r = new java.util.ArrayList<>();
    for (List<String> t : rows) {
      r.add(RowFactory.create(t == null ? null : (Object) t.toArray(new String[0])));
    }
    return LocalSpark.spark().createDataFrame(r, schema);
  }

  @Test
  void mostFrequentTokensGetTheFirstIdsAfterPaddingAndUnknown() {
    Dataset<Row> df =
        tokens(List.of("b", "a", "b", "c"), List.of("a", "b", "d"), List.of("c", "b"));
    TokenIndexerModel m = new TokenIndexer().setVocabSize(5).fit(df);
    assertArrayEquals(new String[] {"b", "a", "c"}, m.vocabulary(), "by count, ties by token");
    List<Row> out =
        m.transform(tokens(List.of("b", "d", "a", "zzz"))).select("ids").collectAsList();
    assertEquals(List.of(2, 1, 3, 1), out.get(0).getList(0));
    assertArrayEquals(new String[] {"b"}, new TokenIndexer().setMinCount(4).fit(df).vocabulary());
  }

  @Test
  void nullRowsFollowHandleInvalid() {
    Dataset<Row> df = tokens(List.of("x"), null);
    Exception e = assertThrows(Exception.class, () -> new TokenIndexer().fit(df));
    assertTrue(
        LocalSpark.rootMessage(e).contains("Column 'tokens' has a null row"),
        LocalSpark.rootMessage(e));
    TokenIndexerModel m = new TokenIndexer().setHandleInvalid("skip").fit(df);
    assertEquals(1, m.transform(df).count());
    assertEquals(
        List.of(), m.setHandleInvalid("keep").transform(df).collectAsList().get(1).getList(1));
  }

  @Test
  void wrongInputTypeIsRejectedOnTheDriver() {
    Dataset<Row> df = LocalSpark.spark().range(3).toDF("tokens");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TokenIndexer().fit(df));
    assertTrue(
        e.getMessage()
            .contains("Column 'tokens' must be of type array<string> (tokens) but was bigint"),
        e.getMessage());
  }

  @Test
  void indexerAndModelSaveAndLoad() {
    Dataset<Row> df = tokens(List.of("a", "b", "b"));
    TokenIndexer indexer = new TokenIndexer().setVocabSize(7).setMinCount(1).setOutputCol("out");
    TokenIndexerModel loaded =
        MlTestSupport.assertEstimatorAndModelReadWrite(
            indexer,
            df,
            TokenIndexer::load,
            TokenIndexerModel::load,
            dir,
            (fitted, back) -> assertArrayEquals(fitted.vocabulary(), back.vocabulary()));
    assertEquals("out", loaded.getOutputCol());
  }
}
