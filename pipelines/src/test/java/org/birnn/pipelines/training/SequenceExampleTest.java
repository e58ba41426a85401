package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.spark.HashPartitioner;
import org.junit.jupiter.api.Test;

/** The partition key spreads rows and classes evenly over workers, token ids included. */
class SequenceExampleTest {
  @Test
  void contentHashSpreadsTokenIdRowsOfEveryClassOverTwoWorkers() {
    Random r = new Random(5);
    HashPartitioner two = new HashPartitioner(2);
    int[][] counts = new int[2][4]; // [partition][label]
    for (int i = 0; i < 4000; i++) {
      float[] ids = new float[1 + r.nextInt(20)];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = 2 + r.nextInt(500); // integral floats: Arrays.hashCode is always odd here
      }
      SequenceExample e = new SequenceExample(ids, ids.length, 0, i % 4);
      counts[two.getPartition(e.contentHash())][e.label()]++;
    }
    for (int label = 0; label < 4; label++) {
      int p0 = counts[0][label];
      int p1 = counts[1][label];
      assertEquals(1000, p0 + p1);
      assertTrue(p0 > 400 && p1 > 400, "label " + label + " split " + p0 + " / " + p1);
    }
    // Same content, same key: partitioning stays deterministic.
    assertEquals(
        new SequenceExample(new float[] {3, 4}, 2, 0, 1).contentHash(),
        new SequenceExample(new float[] {3, 4}, 2, 0, 1).contentHash());
  }

  @Test
  void aClassifiedRowKeepsItsKeyAndATaggedRowMixesItsTagsIn() {
    // The key of a classified row, pinned: it decides the partitioning and the validation split,
    // so changing it would change every classifier fitted with the same data and seed.
    assertEquals(-1_160_958_935, new SequenceExample(new float[] {3, 4}, 2, 0, 1).contentHash());
    SequenceExample a = SequenceExample.tagged(new float[] {3, 4}, 2, 0, new int[] {0, 1});
    SequenceExample b = SequenceExample.tagged(new float[] {3, 4}, 2, 0, new int[] {1, 0});
    assertTrue(a.contentHash() != b.contentHash(), "tags are part of a tagged row's content");
    assertEquals(1, a.label(), "a tagged row's label is its largest tag");
  }
}
