package org.birnn.pipelines.sequence;

import org.apache.spark.Partitioner;
import org.birnn.pipelines.training.Batching;

/**
 * Where a training row goes, from its content alone: its <em>group</em> (the worker it trains on,
 * or that worker's validation share) and its <em>position</em>, a well-spread 32-bit number. A fit
 * shuffles rows once, before it knows how many each worker has, into a fixed number of sub-buckets
 * per group (this partitioner: sub-bucket = the position's share of {@code subBuckets}); once the
 * counts are known, each block of a group is the rows whose position falls in its share of the
 * range, read from the sub-buckets that range overlaps (see {@link #subBuckets}).
 *
 * <p>Being content-based, placement is deterministic: a lost block is recomputed exactly, and the
 * same rows land in the same blocks however the input is partitioned.
 */
final class RowPlacement extends Partitioner {
  private static final long serialVersionUID = 1L;
  private static final long RANGE = 1L << 32;

  private final int groups;
  private final int subBuckets;

  /**
   * @param groups the number of groups (workers, twice that with a validation share)
   * @param subBuckets sub-buckets per group
   */
  RowPlacement(int groups, int subBuckets) {
    this.groups = groups;
    this.subBuckets = subBuckets;
  }

  /**
   * The worker of a row: where a {@code HashPartitioner} of that many partitions places its content
   * hash (an {@code int}, its own {@code hashCode}), as earlier versions placed it.
   */
  static int workerOf(int contentHash, int workers) {
    return Math.floorMod(contentHash, workers);
  }

  /** A row's position in {@code [0, 2^32)}: high bits of a mix of its content hash. */
  static long positionOf(int contentHash) {
    return Batching.mix(contentHash) >>> 32;
  }

  /** The shuffle key of a row: its group in the high half, its position in the low half. */
  static long key(int group, long position) {
    return ((long) group << 32) | position;
  }

  static int groupOf(long key) {
    return (int) (key >>> 32);
  }

  static long positionOfKey(long key) {
    return key & (RANGE - 1);
  }

  /**
   * The share of {@code [0, 2^32)} that {@code position} falls in, of {@code shares} equal ones.
   */
  static int share(long position, int shares) {
    return (int) ((position * shares) >>> 32);
  }

  /** The first position of share {@code s} of {@code shares}: the ceiling of {@code s 2^32 / n}. */
  static long firstPosition(int s, int shares) {
    long scaled = (long) s << 32;
    return scaled / shares + (scaled % shares == 0 ? 0 : 1);
  }

  /**
   * The sub-buckets (first and last, inclusive, within the group) that hold the rows of block
   * {@code block} of {@code blocks} of a group: one or two when blocks outnumber sub-buckets, about
   * {@code subBuckets / blocks} (plus one shared at each boundary) otherwise.
   */
  static int[] subBuckets(int block, int blocks, int subBuckets) {
    long first = firstPosition(block, blocks);
    long end = firstPosition(block + 1, blocks);
    return new int[] {share(first, subBuckets), share(end - 1, subBuckets)};
  }

  @Override
  public int numPartitions() {
    return groups * subBuckets;
  }

  @Override
  public int getPartition(Object key) {
    long k = (Long) key;
    return groupOf(k) * subBuckets + share(positionOfKey(k), subBuckets);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowPlacement p && p.groups == groups && p.subBuckets == subBuckets;
  }

  @Override
  public int hashCode() {
    return groups * 31 + subBuckets;
  }
}
