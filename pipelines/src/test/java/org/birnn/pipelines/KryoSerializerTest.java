package org.birnn.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.tagging.BidirectionalRNNTagger;
import org.birnn.pipelines.tagging.BidirectionalRNNTaggerModel;
import org.junit.jupiter.api.Test;

/**
 * Clusters often run with {@code spark.serializer=KryoSerializer}, which then carries a fit's
 * shuffled rows, broadcast rounds, task results and spilled blocks. Kryo's default serializer
 * cannot read a Java record's fields and skips transient ones, so those types name a Kryo
 * serializer of their own; the fits must come out the same bit for bit.
 */
class KryoSerializerTest {
  private static final String KRYO = "org.apache.spark.serializer.KryoSerializer";

  /** What both stages are set to: a small network on the ids, two workers, two epochs. */
  private static final Map<String, Object> SMALL =
      Map.of(
          "featuresCol", "ids",
          "units", 8,
          "embeddingDim", 4,
          "batchSize", 16,
          "averagingFrequency", 2,
          "numWorkers", 2,
          "maxIter", 2,
          "seed", 3L);

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
    SparkSession.Builder b = LocalSpark.builder("KryoSerializerTest");
    if (serializer != null) {
      b.config("spark.serializer", serializer);
    }
    SparkSession spark = b.getOrCreate();
    try {
      assertEquals(
          serializer == null ? "org.apache.spark.serializer.JavaSerializer" : serializer,
          spark.sparkContext().env().serializer().getClass().getName());
      // A class per row (its first id's parity) beside the tags, for the classifier.
      Dataset<Row> data =
          TextData.taggedIds(spark, 240, 3, false)
              .selectExpr("ids", "tags", "cast(ids[0] % 2 as double) as label");
      // A validation share as well: its evaluation sends metric totals back as task results.
      BidirectionalRNNClassifier c =
          new BidirectionalRNNClassifier().setVocabSize(12).setValidationFraction(0.25);
      BidirectionalRNNClassificationModel clf = c.fit(data, small(c));
      assertEquals(240, clf.transform(data).select("prediction").collectAsList().size());
      BidirectionalRNNTagger t = new BidirectionalRNNTagger().setLabelCol("tags");
      BidirectionalRNNTaggerModel tagger = t.fit(data, small(t));
      assertEquals(240, tagger.transform(data).select("prediction").collectAsList().size());
      return new float[][] {
        clf.network().parameters().toFloatVector(), tagger.network().parameters().toFloatVector()
      };
    } finally {
      LocalSpark.stop(spark);
    }
  }

  /** {@link #SMALL} as the params of {@code stage}. */
  private static ParamMap small(Params stage) {
    ParamMap m = new ParamMap();
    SMALL.forEach((name, value) -> m.put(stage.getParam(name), value));
    return m;
  }
}
