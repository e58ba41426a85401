package org.birnn.pipelines.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.birnn.pipelines.LocalSpark;
import org.birnn.pipelines.training.Batch;
import org.birnn.pipelines.training.SequenceExample;
import org.birnn.pipelines.training.WorkerData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fit's one pass over its rows: statistics counted while the rows are shuffled, the validation
 * split and the blocks depending only on each row's content and the seed (not on the input's
 * partitioning), every row in exactly one block of its own worker, and a failed or repeated map
 * task not counted twice.
 */
@ExtendWith(LocalSpark.class)
class TrainingRowsTest {
  private static List<SequenceExample> rows(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    List<SequenceExample> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] ids = new float[3 + r.nextInt(6)];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = 1 + r.nextInt(50);
      }
      rows.add(new SequenceExample(ids, ids.length, 0, r.nextInt(3)));
    }
    return rows;
  }

  private static JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(LocalSpark.spark().sparkContext());
  }

  /** Each block's rows (ids without padding, then the label), block by block in order. */
  private static List<List<String>> contents(JavaRDD<WorkerData> blocks) {
    List<List<String>> out = new ArrayList<>();
    for (WorkerData w : blocks.collect()) {
      List<String> rows = new ArrayList<>();
      rows.add("worker " + w.worker());
      for (Batch b : w.batches()) {
        float[][] x = b.features().toFloatMatrix();
        float[] y = b.labels().toFloatVector();
        for (int i = 0; i < x.length; i++) {
          StringBuilder sb = new StringBuilder();
          for (float f : x[i]) {
            if (f != 0) {
              sb.append((int) f).append(' ');
            }
          }
          rows.add(sb.append("-> ").append((int) y[i]).toString());
        }
      }
      out.add(rows);
    }
    blocks.unpersist(false);
    return out;
  }

  private static Set<String> all(List<List<String>> blocks) {
    Set<String> s = new HashSet<>();
    for (List<String> b : blocks) {
      s.addAll(b.subList(1, b.size()));
    }
    return s;
  }

  private static int count(List<List<String>> blocks) {
    return blocks.stream().mapToInt(b -> b.size() - 1).sum();
  }

  @Test
  void statisticsCountEveryRowOnceAndMatchTheBlocks() {
    List<SequenceExample> rows = rows(400, 12);
    TrainingRows data = TrainingRows.read(jsc().parallelize(rows, 3), 2, 0.25, 7);
    DataStats s = data.stats();
    assertEquals(400, s.rows());
    assertEquals(2, s.maxLabel());
    assertEquals(50, s.maxId());
    assertEquals(0, s.maxDim());
    assertEquals(8, s.maxLength());
    assertEquals(
        400, s.trainRows()[0] + s.trainRows()[1] + s.validationRows()[0] + s.validationRows()[1]);
    List<List<String>> train = contents(data.trainingBlocks(8));
    List<List<String>> val = contents(data.validationBlocks(8));
    assertEquals(2, train.size(), "one block per worker at the default block size");
    assertEquals(s.trainRows()[0], train.get(0).size() - 1);
    assertEquals(s.trainRows()[1], train.get(1).size() - 1);
    assertEquals(s.validationRows()[0], val.get(0).size() - 1);
    assertEquals(s.validationRows()[1], val.get(1).size() - 1);
    double share = count(val) / 400.0;
    assertTrue(share > 0.18 && share < 0.32, "validation share " + share);
    Set<String> both = all(train);
    both.retainAll(all(val));
    assertTrue(both.isEmpty(), "no row in both sets");
    assertNull(TrainingRows.read(jsc().parallelize(rows, 2), 2, 0, 7).validationBlocks(8));
  }

  @Test
  void theSameRowsLandInTheSameBlocksHoweverTheInputIsPartitioned() {
    List<SequenceExample> rows = rows(400, 13);
    JavaRDD<SequenceExample> two = jsc().parallelize(rows, 2);
    JavaRDD<SequenceExample> five = jsc().parallelize(rows, 5).repartition(3);
    System.setProperty("birnn.blockBatches", "2");
    try {
      TrainingRows a = TrainingRows.read(two, 2, 0.25, 7);
      TrainingRows b = TrainingRows.read(five, 2, 0.25, 7);
      List<List<String>> trainA = contents(a.trainingBlocks(8));
      List<List<String>> valA = contents(a.validationBlocks(8));
      assertEquals(trainA, contents(b.trainingBlocks(8)), "training blocks");
      assertEquals(valA, contents(b.validationBlocks(8)), "validation blocks");
      // About 150 training rows a worker in blocks of 16: 10 blocks each.
      assertTrue(trainA.size() >= 16, "blocks " + trainA.size());
      assertEquals(400, count(trainA) + count(valA), "every row in exactly one block");
      assertEquals(400, all(trainA).size() + all(valA).size(), "no row twice");
      long[] perWorker = new long[2];
      for (List<String> block : trainA) {
        // Rows fall into blocks by hash: about 2 batches of 8 each, never far more.
        assertTrue(block.size() - 1 <= 32, "block of " + (block.size() - 1) + " rows");
        perWorker[block.get(0).equals("worker 0") ? 0 : 1] += block.size() - 1;
      }
      assertArrayEquals(a.stats().trainRows(), perWorker, "each worker's rows in its blocks");
      TrainingRows otherSeed = TrainingRows.read(two, 2, 0.25, 8);
      assertNotEquals(all(valA), all(contents(otherSeed.validationBlocks(8))), "the seed matters");
    } finally {
      System.clearProperty("birnn.blockBatches");
    }
  }

  @Test
  void aRetriedMapTaskCountsItsRowsOnce() {
    List<SequenceExample> rows = rows(300, 14);
    // Partition 1's first attempt fails after reading half of its rows; Spark runs it again.
    JavaRDD<SequenceExample> flaky =
        jsc()
            .parallelize(rows, 3)
            .mapPartitions(
                it -> {
                  TaskContext task = TaskContext.get();
                  boolean fail = task.partitionId() == 1 && task.attemptNumber() == 0;
                  List<SequenceExample> seen = new ArrayList<>();
                  it.forEachRemaining(seen::add);
                  return new FailingHalfway(seen, fail);
                });
    TrainingRows data = TrainingRows.read(flaky, 2, 0, 7);
    assertEquals(300, data.stats().rows());
    assertEquals(300, data.stats().trainRows()[0] + data.stats().trainRows()[1]);
    assertEquals(300, count(contents(data.trainingBlocks(16))));
  }

  /** The rows, throwing halfway through when {@code fail}. */
  private static final class FailingHalfway implements java.util.Iterator<SequenceExample> {
    private final List<SequenceExample> rows;
    private final boolean fail;
    private int i;

    FailingHalfway(List<SequenceExample> rows, boolean fail) {
      this.rows = rows;
      this.fail = fail;
    }

    @Override
    public boolean hasNext() {
      return i < rows.size();
    }

    @Override
    public SequenceExample next() {
      if (fail && i == rows.size() / 2) {
        throw new IllegalStateException("first attempt fails");
      }
      return rows.get(i++);
    }
  }

  @Test
  void aPartitionsTotalsReplaceAnEarlierUpdateOfTheSamePartition() {
    TrainingRows.PartitionTotals a = new TrainingRows.PartitionTotals();
    TrainingRows.PartitionTotals b = new TrainingRows.PartitionTotals();
    a.add(new scala.Tuple2<>(0, new long[] {1, 2}));
    b.add(new scala.Tuple2<>(0, new long[] {1, 2}));
    b.add(new scala.Tuple2<>(1, new long[] {3, 4}));
    a.merge(b);
    a.merge(b.copy());
    assertEquals(2, a.value().size());
    assertArrayEquals(new long[] {3, 4}, a.value().get(1));
    assertTrue(!a.isZero());
    a.reset();
    assertTrue(a.isZero());
  }
}
