package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.birnn.pipelines.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Training rows kept as blocks of a few batches each (forced here by {@code birnn.blockBatches}; by
 * default a block holds 1024 batches): a fit reads every row once per epoch, block by block, is
 * repeatable, and learns as the single-block fit does.
 */
@ExtendWith(LocalSpark.class)
class BlockTrainingTest {
  @Test
  void smallBlocksTrainEveryRowRepeatably() {
    Dataset<Row> data = ClassifierTest.ids(240, 9).cache();
    BidirectionalRNNClassifier clf = ClassifierTest.small().setMaxIter(4).setAveragingFrequency(3);
    BidirectionalRNNClassificationModel whole = clf.fit(data);
    System.setProperty("birnn.blockBatches", "2");
    BidirectionalRNNClassificationModel blocked;
    BidirectionalRNNClassificationModel again;
    try {
      blocked = clf.fit(data);
      again = clf.fit(data);
    } finally {
      System.clearProperty("birnn.blockBatches");
    }
    // 240 rows, 2 workers, batches of 8: about 15 batches per worker. In one block, rounds of 3
    // batches: 5 per epoch; in blocks of 2 batches, each block's rounds end with the block: 8.
    int wholeRounds = whole.trainingSummary().get().roundsRun() / 4;
    int blockedRounds = blocked.trainingSummary().get().roundsRun() / 4;
    assertTrue(wholeRounds >= 5 && wholeRounds <= 6, "single-block rounds " + wholeRounds);
    assertTrue(blockedRounds >= 8 && blockedRounds <= 10, "rounds in blocks " + blockedRounds);
    System.out.println(
        "rounds per epoch: " + wholeRounds + " in one block, " + blockedRounds + " in blocks");
    assertArrayEquals(blocked.flatParams(), again.flatParams(), "repeatable");
    double wholeAccuracy = accuracy(whole, data);
    double blockedAccuracy = accuracy(blocked, data);
    assertTrue(blockedAccuracy > 0.9, "blocked accuracy " + blockedAccuracy);
    System.out.println(
        "accuracy " + wholeAccuracy + " in one block, " + blockedAccuracy + " in blocks");
    assertEquals(wholeAccuracy, blockedAccuracy, 0.1);
    data.unpersist();
  }

  private static double accuracy(BidirectionalRNNClassificationModel m, Dataset<Row> data) {
    return m.transform(data).where("prediction = label").count() / (double) data.count();
  }
}
