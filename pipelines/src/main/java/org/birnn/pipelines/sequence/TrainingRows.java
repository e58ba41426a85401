package org.birnn.pipelines.sequence;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.AccumulatorV2;
import org.birnn.pipelines.training.Batching;
import org.birnn.pipelines.training.SequenceExample;
import org.birnn.pipelines.training.WorkerData;
import scala.Tuple2;

/**
 * A fit's rows after its one pass over the input: their {@link DataStats}, and the rows shuffled to
 * their workers (and validation shares) in {@value #SUB_BUCKETS} sub-buckets each, from which the
 * cached training and validation blocks are cut.
 *
 * <p>The statistics size the network and the blocks, so they are needed before the blocks can be
 * built. Counting them in a job of their own read and decoded the input twice (for a Parquet input
 * of 100 x 128 floats a row, as long as the rounds of one epoch); here the shuffle's map side
 * counts them while it writes the rows, and the blocks read the shuffle's output, fixed before the
 * counts were known, by sub-bucket ({@link RowPlacement}, {@link GroupedRDD}).
 */
public final class TrainingRows {
  /**
   * Sub-buckets per group. A block reads the sub-buckets its share of positions overlaps, so with
   * fewer blocks than sub-buckets (a worker below about a million rows at batch size 32) the
   * shuffle is read about once, and twice at 32 blocks; 32 per group keeps a fit of two workers
   * with a validation share within Spark's 200 partitions for shuffles written without sorting.
   */
  static final int SUB_BUCKETS = 32;

  private static final int[] FIRST_PARTITION = {0};

  private final JavaPairRDD<Long, SequenceExample> shuffled;
  private final DataStats stats;
  private final boolean validation;

  private TrainingRows(
      JavaPairRDD<Long, SequenceExample> shuffled, DataStats stats, boolean validation) {
    this.shuffled = shuffled;
    this.stats = stats;
    this.validation = validation;
  }

  /**
   * Reads {@code examples} once (one Spark job): counts their statistics and shuffles each row to
   * its worker (a share {@code validationFraction} of them, chosen by content, to the worker's
   * validation group).
   *
   * @throws IllegalArgumentException for a token id that is negative or not an integer, or a row
   *     the reader of {@code examples} rejects
   */
  public static TrainingRows read(
      JavaRDD<SequenceExample> examples, int workers, double validationFraction, long seed) {
    boolean validation = validationFraction > 0;
    int groups = validation ? 2 * workers : workers;
    RowPlacement placement = new RowPlacement(groups, SUB_BUCKETS);
    PartitionTotals totals = new PartitionTotals();
    examples.context().register(totals, "birnn-spark row statistics");
    JavaPairRDD<Long, SequenceExample> shuffled =
        examples
            .mapPartitionsToPair(
                it -> new Placing(it, totals, groups, workers, validationFraction, seed))
            .partitionBy(placement);
    // Running one reduce task that reads nothing makes Spark run the whole map side (every row
    // read, counted and written to the shuffle) and nothing else; the blocks read the output.
    shuffled
        .mapPartitions(it -> java.util.Collections.emptyIterator())
        .collectPartitions(FIRST_PARTITION);
    long[] sum = DataStats.zero(groups);
    for (long[] part : totals.value().values()) {
      sum = DataStats.combine(sum, part);
    }
    return new TrainingRows(shuffled, DataStats.of(sum, workers), validation);
  }

  /** The rows' statistics. */
  public DataStats stats() {
    return stats;
  }

  /**
   * The training rows as cached blocks of minibatches of {@code batch}, one block per partition
   * (see {@link org.birnn.pipelines.training.BlockSchedule}). Built when first read.
   */
  public JavaRDD<WorkerData> trainingBlocks(int batch) {
    return blocks(0, stats.trainRows(), batch);
  }

  /** The validation rows as cached blocks, as {@link #trainingBlocks}; {@code null} for none. */
  public JavaRDD<WorkerData> validationBlocks(int batch) {
    long[] rows = stats.validationRows();
    return validation ? blocks(rows.length, rows, batch) : null;
  }

  /**
   * Batches per block of training rows: 1024 by default, {@code -Dbirnn.blockBatches=N} on the
   * driver to change it. At the default, a block of 32 rows per batch holds 32,768 rows, tens of
   * MiB for sequences of a few hundred tokens: well under Spark's block limits, and all of a
   * worker's data in one block until it outgrows that.
   */
  static int blockBatches() {
    return Math.max(1, Integer.getInteger("birnn.blockBatches", 1024));
  }

  /**
   * @param firstGroup the group of worker 0
   * @param rows the rows of each worker's group
   */
  private JavaRDD<WorkerData> blocks(int firstGroup, long[] rows, int batch) {
    int workers = rows.length;
    long rowsPerBlock = (long) blockBatches() * batch;
    int[] blocks = new int[workers];
    int[] first = new int[workers + 1];
    for (int w = 0; w < workers; w++) {
      blocks[w] = (int) Math.max(1, (rows[w] + rowsPerBlock - 1) / rowsPerBlock);
      first[w + 1] = first[w] + blocks[w];
    }
    int[] workerOfBlock = new int[first[workers]];
    for (int w = 0; w < workers; w++) {
      java.util.Arrays.fill(workerOfBlock, first[w], first[w + 1], w);
    }
    // Block b of worker w reads the sub-buckets its share of positions overlaps.
    int[][] groups = new int[first[workers]][];
    for (int w = 0; w < workers; w++) {
      for (int b = 0; b < blocks[w]; b++) {
        int[] range = RowPlacement.subBuckets(b, blocks[w], SUB_BUCKETS);
        int[] members = new int[range[1] - range[0] + 1];
        for (int u = range[0]; u <= range[1]; u++) {
          members[u - range[0]] = (firstGroup + w) * SUB_BUCKETS + u;
        }
        groups[first[w] + b] = members;
      }
    }
    RDD<Tuple2<Long, SequenceExample>> grouped = new GroupedRDD<>(shuffled.rdd(), groups);
    // Each block is one partition, cached on its own (spilled to disk under memory pressure): an
    // executor builds, holds and reads one block at a time, never a whole worker's rows.
    return grouped
        .toJavaRDD()
        .mapPartitionsWithIndex(
            (idx, it) -> {
              int w = workerOfBlock[idx];
              int block = idx - first[w];
              List<SequenceExample> mine = new ArrayList<>();
              while (it.hasNext()) {
                Tuple2<Long, SequenceExample> row = it.next();
                if (RowPlacement.share(RowPlacement.positionOfKey(row._1()), blocks[w]) == block) {
                  mine.add(row._2());
                }
              }
              return List.of(new WorkerData(idx, w, Batching.batches(mine, batch))).iterator();
            },
            true)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Each row keyed by its group and position, its statistics counted as it passes. */
  private static final class Placing implements Iterator<Tuple2<Long, SequenceExample>> {
    private final Iterator<SequenceExample> rows;
    private final PartitionTotals totals;
    private final long[] counts;
    private final int workers;
    private final double validationFraction;
    private final long seed;
    private boolean reported;

    Placing(
        Iterator<SequenceExample> rows,
        PartitionTotals totals,
        int groups,
        int workers,
        double validationFraction,
        long seed) {
      this.rows = rows;
      this.totals = totals;
      this.counts = DataStats.zero(groups);
      this.workers = workers;
      this.validationFraction = validationFraction;
      this.seed = seed;
    }

    @Override
    public boolean hasNext() {
      boolean more = rows.hasNext();
      if (!more && !reported) {
        reported = true;
        totals.add(new Tuple2<>(TaskContext.getPartitionId(), counts));
      }
      return more;
    }

    @Override
    public Tuple2<Long, SequenceExample> next() {
      SequenceExample e = rows.next();
      int hash = e.contentHash();
      boolean held =
          validationFraction > 0 && SequenceExample.inValidation(hash, validationFraction, seed);
      int group = (held ? workers : 0) + RowPlacement.workerOf(hash, workers);
      DataStats.add(counts, e, group);
      return new Tuple2<>(RowPlacement.key(group, RowPlacement.positionOf(hash)), e);
    }
  }

  /**
   * Each input partition's totals, keyed by partition: Spark merges the updates of every successful
   * attempt of a map task (a retried or speculative one too), and a keyed entry makes a second
   * update of the same partition replace the first instead of counting its rows twice.
   */
  static final class PartitionTotals
      extends AccumulatorV2<Tuple2<Integer, long[]>, Map<Integer, long[]>> {
    private static final long serialVersionUID = 1L;
    private final Map<Integer, long[]> byPartition = new ConcurrentHashMap<>();

    @Override
    public boolean isZero() {
      return byPartition.isEmpty();
    }

    @Override
    public PartitionTotals copy() {
      PartitionTotals c = new PartitionTotals();
      c.byPartition.putAll(byPartition);
      return c;
    }

    @Override
    public void reset() {
      byPartition.clear();
    }

    @Override
    public void add(Tuple2<Integer, long[]> partitionTotals) {
      byPartition.put(partitionTotals._1(), partitionTotals._2());
    }

    @Override
    public void merge(AccumulatorV2<Tuple2<Integer, long[]>, Map<Integer, long[]>> other) {
      byPartition.putAll(other.value());
    }

    @Override
    public Map<Integer, long[]> value() {
      return byPartition;
    }
  }
}
