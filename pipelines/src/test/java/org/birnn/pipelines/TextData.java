package org.birnn.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A generated text task: each class has its own cue words mixed into shared filler words. */
public final class TextData {
  private static final String[][] CUES = {
    {"good", "great", "excellent", "lovely"},
    {"bad", "awful", "terrible", "poor"},
    {"maybe", "unsure", "perhaps", "unclear"}
  };
  private static final String[] FILLER = {
    "the", "movie", "was", "and", "a", "plot", "actor", "it", "very", "film"
  };

  private TextData() {}

  /** {@code n} rows {@code (text string, label double)} of {@code classes} classes. */
  public static Dataset<Row> texts(int n, int classes, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(classes);
      int len = 4 + r.nextInt(8);
      StringBuilder sb = new StringBuilder();
      int cuePos = r.nextInt(len);
      for (int t = 0; t < len; t++) {
        String w =
            t == cuePos || r.nextInt(5) == 0
                ? CUES[c][r.nextInt(4)]
                : FILLER[r.nextInt(FILLER.length)];
        sb.append(t == 0 ? "" : " ").append(w);
      }
      rows.add(RowFactory.create(sb.toString(), (double) c));
    }
    StructType schema =
        new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
    return LocalSpark.spark().createDataFrame(rows, schema);
  }

  /**
   * {@code n} token-id sequences ({@code ids}, ids 1-9) tagged ({@code tags}) UP where the next
   * token is larger, DOWN where it is not, END on the last token: a tag needs the token after it,
   * so only the backward direction can learn it. Tags are indices 0-2, or their names with {@code
   * names}.
   */
  public static Dataset<Row> taggedIds(SparkSession spark, int n, long seed, boolean names) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 2 + r.nextInt(7);
      int[] ids = new int[len];
      for (int t = 0; t < len; t++) {
        ids[t] = 1 + r.nextInt(9);
      }
      Object tags = names ? new String[len] : new int[len];
      for (int t = 0; t < len; t++) {
        int tag = t == len - 1 ? 2 : ids[t + 1] > ids[t] ? 0 : 1;
        if (names) {
          ((String[]) tags)[t] = new String[] {"UP", "DOWN", "END"}[tag];
        } else {
          ((int[]) tags)[t] = tag;
        }
      }
      rows.add(RowFactory.create(ids, tags));
    }
    StructType schema =
        new StructType()
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType))
            .add(
                "tags",
                DataTypes.createArrayType(names ? DataTypes.StringType : DataTypes.IntegerType));
    return spark.createDataFrame(rows, schema);
  }
}
