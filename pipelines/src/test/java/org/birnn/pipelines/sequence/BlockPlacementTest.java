package org.birnn.pipelines.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.spark.HashPartitioner;
import org.junit.jupiter.api.Test;

/**
 * Rows reach the worker a {@code HashPartitioner} gave them before training kept blocks (so a fit
 * whose workers hold one block each trains exactly as before), and a block's rows are exactly those
 * in the sub-buckets it reads that fall in its share of positions.
 */
class BlockPlacementTest {
  @Test
  void aRowsWorkerIsWhereAHashPartitionerPutsItsContentHash() {
    Random r = new Random(5);
    for (int workers = 1; workers <= 7; workers++) {
      HashPartitioner p = new HashPartitioner(workers);
      for (int i = 0; i < 10_000; i++) {
        int hash = r.nextInt(); // negative half included
        assertEquals(p.getPartition(hash), RowPlacement.workerOf(hash, workers), "hash " + hash);
      }
    }
  }

  @Test
  void theShuffleKeyKeepsGroupAndPositionAndPicksTheGroupsSubBucket() {
    RowPlacement p = new RowPlacement(4, 32);
    assertEquals(128, p.numPartitions());
    Random r = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      int group = r.nextInt(4);
      long position = RowPlacement.positionOf(r.nextInt());
      assertTrue(position >= 0 && position < (1L << 32), "position " + position);
      long key = RowPlacement.key(group, position);
      assertEquals(group, RowPlacement.groupOf(key));
      assertEquals(position, RowPlacement.positionOfKey(key));
      int partition = p.getPartition(key);
      assertEquals(group, partition / 32, "a row stays in its group's sub-buckets");
      assertEquals(RowPlacement.share(position, 32), partition % 32);
    }
    // The extremes of the range land in the first and the last sub-bucket.
    assertEquals(0, p.getPartition(RowPlacement.key(2, 0)) % 32);
    assertEquals(31, p.getPartition(RowPlacement.key(2, (1L << 32) - 1)) % 32);
  }

  @Test
  void everyBlockReadsTheSubBucketsOfAllItsRowsAndNoOthersAreNeeded() {
    Random r = new Random(6);
    for (int blocks : new int[] {1, 2, 3, 7, 31, 32, 33, 100, 1000}) {
      int[] seen = new int[blocks];
      for (int i = 0; i < 20_000; i++) {
        long position = RowPlacement.positionOf(r.nextInt());
        int block = RowPlacement.share(position, blocks);
        int[] range = RowPlacement.subBuckets(block, blocks, 32);
        int sub = RowPlacement.share(position, 32);
        assertTrue(
            sub >= range[0] && sub <= range[1],
            blocks + " blocks: sub-bucket " + sub + " outside block " + block + "'s range");
        seen[block]++;
      }
      for (int b = 0; b < blocks; b++) {
        int[] range = RowPlacement.subBuckets(b, blocks, 32);
        assertTrue(range[0] <= range[1] && range[0] >= 0 && range[1] < 32, "range of " + b);
        // Exact boundaries: the block's first position is in it, the one before is not.
        long first = RowPlacement.firstPosition(b, blocks);
        assertEquals(b, RowPlacement.share(first, blocks));
        if (b > 0) {
          assertEquals(b - 1, RowPlacement.share(first - 1, blocks));
        }
        if (blocks <= 32) {
          // Fewer blocks than sub-buckets: a block reads about 32 / blocks of them, plus the one
          // it shares with each neighbour.
          assertTrue(range[1] - range[0] + 1 <= 32 / blocks + 2, "range of " + b);
        } else {
          assertTrue(range[1] - range[0] <= 1, "a block reads at most two sub-buckets");
        }
        if (blocks <= 1000 / 2) {
          assertTrue(seen[b] > 0, "block " + b + " of " + blocks + " gets rows");
        }
      }
      if (blocks == 1) {
        assertEquals(0, RowPlacement.subBuckets(0, 1, 32)[0]);
        assertEquals(31, RowPlacement.subBuckets(0, 1, 32)[1]);
      }
    }
  }
}
