package org.birnn.pipelines.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.spark.HashPartitioner;
import org.junit.jupiter.api.Test;

/**
 * Rows reach the worker a {@code HashPartitioner} gave them before training kept blocks (so a fit
 * whose workers hold one block each trains exactly as before), and a worker's blocks are its own.
 */
class BlockPlacementTest {
  @Test
  void aRowsWorkerIsWhereAHashPartitionerPutsItsContentHash() {
    Random r = new Random(5);
    for (int workers = 1; workers <= 7; workers++) {
      HashPartitioner p = new HashPartitioner(workers);
      for (int i = 0; i < 10_000; i++) {
        int hash = r.nextInt(); // negative half included
        assertEquals(p.getPartition(hash), SequenceFit.workerOf(hash, workers), "hash " + hash);
      }
    }
  }

  @Test
  void aRowsBlockIsOneOfItsWorkersBlocks() {
    int[] blocks = {1, 3, 2};
    int[] first = {0, 1, 4, 6};
    Random r = new Random(6);
    int[] seen = new int[6];
    for (int i = 0; i < 30_000; i++) {
      int hash = r.nextInt();
      int w = SequenceFit.workerOf(hash, 3);
      int b = SequenceFit.blockOf(hash, 3, first, blocks);
      assertTrue(b >= first[w] && b < first[w + 1], "block " + b + " of worker " + w);
      seen[b]++;
    }
    for (int b = 0; b < 6; b++) {
      assertTrue(seen[b] > 0, "block " + b + " gets rows");
    }
  }
}
