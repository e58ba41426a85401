package org.birnn.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.text.TokenIndexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class TextPipelineTest {
  @TempDir Path dir;

  static Pipeline pipeline() {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new Tokenizer().setInputCol("text").setOutputCol("tokens"),
              new TokenIndexer().setInputCol("tokens").setOutputCol("ids"),
              new BidirectionalRNNClassifier()
                  .setFeaturesCol("ids")
                  .setUnits(8)
                  .setEmbeddingDim(8)
                  .setMaxIter(4)
                  .setBatchSize(16)
                  .setNumWorkers(2)
                  .setSeed(7)
            });
  }

  @Test
  void tokenizerIndexerClassifierPipelineLearnsAGeneratedTextTask() throws Exception {
    Dataset<Row> data = TextData.texts(300, 3, 1);
    Dataset<Row>[] split = data.randomSplit(new double[] {0.7, 0.3}, 2);
    PipelineModel model = pipeline().fit(split[0]);
    Dataset<Row> scored = model.transform(split[1]);
    assertEquals(split[1].count(), scored.count(), "every row gets an output row");
    double accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
    assertTrue(
        accuracy > 0.7, "accuracy " + accuracy + " should be clearly better than chance (0.33)");
    BidirectionalRNNClassificationModel clf =
        (BidirectionalRNNClassificationModel) model.stages()[2];
    assertEquals(4, clf.summary().trainAccuracy().size());
    assertTrue(clf.summary().roundLosses().size() >= 4);
    // Every round is timed, and no worker trained longer than its round lasted.
    var summary = clf.summary();
    assertEquals(summary.roundsRun(), summary.roundSeconds().size());
    for (int r = 0; r < summary.roundsRun(); r++) {
      assertTrue(summary.roundTrainSeconds().get(r) > 0, "round " + r + " trained");
      assertTrue(
          summary.roundTrainSeconds().get(r) <= summary.roundSeconds().get(r),
          "round " + r + ": train " + summary.roundTrainSeconds().get(r) + " s within the round");
    }
    assertTrue(summary.synchronizationShare() >= 0 && summary.synchronizationShare() < 1);

    String path = dir.resolve("pipeline").toString();
    model.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    Dataset<Row> again = loaded.transform(split[1]);
    assertEquals(
        scored.select("prediction", "probability").collectAsList(),
        again.select("prediction", "probability").collectAsList(),
        "identical scores after reload");
  }
}
