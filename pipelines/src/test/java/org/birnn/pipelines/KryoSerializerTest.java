package org.birnn.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.tagging.BidirectionalRNNTagger;
import org.birnn.pipelines.tagging.BidirectionalRNNTaggerModel;
import org.junit.jupiter.api.Test;

/**
 * Clusters often run with {@code spark.serializer=KryoSerializer}, which then carries a fit's
 * shuffled rows, broadcast rounds, task results and spilled blocks. Kryo's default serializer
 * cannot read a Java record's fields and skips transient ones, so those types name Java
 * serialization as their Kryo serializer; the fits must come out the same bit for bit.
 */
class KryoSerializerTest {
  private static final String KRYO = "org.apache.spark.serializer.KryoSerializer";

  @Test
  void classifierAndTaggerFitTheSameWeightsUnderKryoAsUnderJavaSerialization() {
    float[][] java = fitBoth(null);
    float[][] kryo = fitBoth(KRYO);
    assertArrayEquals(java[0], kryo[0], "classifier weights");
    assertArrayEquals(java[1], kryo[1], "tagger weights");
  }

  /**
   * The classifier's and the tagger's fitted weights in a fresh session with {@code serializer}.
   */
  private static float[][] fitBoth(String serializer) {
    SparkSession.Builder b =
        SparkSession.builder()
            .master("local[2]")
            .appName("KryoSerializerTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1");
    if (serializer != null) {
      b.config("spark.serializer", serializer);
    }
    SparkSession spark = b.getOrCreate();
    try {
      assertEquals(
          serializer == null ? "org.apache.spark.serializer.JavaSerializer" : serializer,
          spark.sparkContext().env().serializer().getClass().getName());
      Dataset<Row> data = rows(spark, 240, 3);
      // A validation share as well: its evaluation sends metric totals back as task results.
      BidirectionalRNNClassificationModel clf =
          new BidirectionalRNNClassifier()
              .setFeaturesCol("ids")
              .setVocabSize(12)
              .setUnits(8)
              .setEmbeddingDim(4)
              .setBatchSize(16)
              .setAveragingFrequency(2)
              .setNumWorkers(2)
              .setMaxIter(2)
              .setValidationFraction(0.25)
              .setSeed(3)
              .fit(data);
      assertEquals(240, clf.transform(data).select("prediction").collectAsList().size());
      BidirectionalRNNTaggerModel tagger =
          new BidirectionalRNNTagger()
              .setFeaturesCol("ids")
              .setLabelCol("tags")
              .setUnits(8)
              .setEmbeddingDim(4)
              .setBatchSize(16)
              .setAveragingFrequency(2)
              .setNumWorkers(2)
              .setMaxIter(2)
              .setSeed(3)
              .fit(data);
      assertEquals(240, tagger.transform(data).select("prediction").collectAsList().size());
      return new float[][] {
        clf.network().parameters().toFloatVector(), tagger.network().parameters().toFloatVector()
      };
    } finally {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  /** Token ids 1-9 with a class (the first id's parity) and a tag per step (up, down, last). */
  private static Dataset<Row> rows(SparkSession spark, int n, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 2 + r.nextInt(7);
      int[] ids = new int[len];
      for (int t = 0; t < len; t++) {
        ids[t] = 1 + r.nextInt(9);
      }
      int[] tags = new int[len];
      for (int t = 0; t < len; t++) {
        tags[t] = t == len - 1 ? 2 : ids[t + 1] > ids[t] ? 0 : 1;
      }
      rows.add(RowFactory.create(ids, tags, (double) (ids[0] % 2)));
    }
    StructType schema =
        new StructType()
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("tags", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("label", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }
}
