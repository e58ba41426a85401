package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockScheduleTest {
  @Test
  void oneBlockPerWorkerTrainsAsWithoutBlocks() {
    // Workers 0, 1, 2 with 7, 3 and 0 batches, 2 per round: the old rule, round r from r * 2.
    BlockSchedule s =
        new BlockSchedule(
            List.of(
                new BlockSchedule.Block(0, 0, 7),
                new BlockSchedule.Block(1, 1, 3),
                new BlockSchedule.Block(2, 2, 0)),
            2);
    assertEquals(4, s.rounds());
    for (int epoch = 0; epoch < 3; epoch++) {
      assertArrayEquals(new int[] {0, 2}, s.ranges(5, epoch, 0)[0]);
      assertArrayEquals(new int[] {2, 3}, s.ranges(5, epoch, 1)[1]);
      assertArrayEquals(new int[] {6, 7}, s.ranges(5, epoch, 3)[0]);
      assertNull(s.ranges(5, epoch, 2)[1], "worker 1 is done after two rounds");
      assertNull(s.ranges(5, epoch, 0)[2], "worker 2 has no batches");
    }
  }

  @Test
  void everyEpochTrainsEveryBatchOnceAndAWorkerOneBlockPerRound() {
    Random r = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      int frequency = 1 + r.nextInt(5);
      List<BlockSchedule.Block> blocks = new ArrayList<>();
      int workers = 1 + r.nextInt(4);
      int[] chunks = new int[workers];
      for (int w = 0; w < workers; w++) {
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
          int batches = r.nextInt(12);
          blocks.add(new BlockSchedule.Block(blocks.size(), w, batches));
          chunks[w] += (batches + frequency - 1) / frequency;
        }
      }
      BlockSchedule s = new BlockSchedule(blocks, frequency);
      int most = 0;
      for (int c : chunks) {
        most = Math.max(most, c);
      }
      assertEquals(Math.max(1, most), s.rounds());
      for (int epoch = 0; epoch < 3; epoch++) {
        int[][] seen = new int[blocks.size()][];
        for (BlockSchedule.Block b : blocks) {
          seen[b.partition()] = new int[b.batches()];
        }
        for (int round = 0; round < s.rounds(); round++) {
          int[][] ranges = s.ranges(7, epoch, round);
          boolean[] busy = new boolean[workers];
          for (int p = 0; p < ranges.length; p++) {
            if (ranges[p] == null) {
              continue;
            }
            int w = blocks.get(p).worker();
            assertTrue(!busy[w], "worker " + w + " trains one block per round");
            busy[w] = true;
            assertTrue(ranges[p][1] - ranges[p][0] <= frequency);
            for (int i = ranges[p][0]; i < ranges[p][1]; i++) {
              seen[p][i]++;
            }
          }
        }
        for (int[] block : seen) {
          for (int count : block) {
            assertEquals(1, count, "each batch once per epoch");
          }
        }
      }
    }
  }

  @Test
  void aWorkersBlocksComeInAnotherOrderEachEpoch() {
    List<BlockSchedule.Block> blocks = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      blocks.add(new BlockSchedule.Block(b, 0, 1));
    }
    BlockSchedule s = new BlockSchedule(blocks, 1);
    List<List<Integer>> orders = new ArrayList<>();
    for (int epoch = 0; epoch < 4; epoch++) {
      List<Integer> order = new ArrayList<>();
      for (int round = 0; round < 6; round++) {
        int[][] ranges = s.ranges(3, epoch, round);
        for (int p = 0; p < ranges.length; p++) {
          if (ranges[p] != null) {
            order.add(p);
          }
        }
      }
      orders.add(order);
    }
    assertTrue(orders.stream().distinct().count() > 1, "orders " + orders);
  }
}
