package org.birnn.pipelines.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Length bucketing: a partition's sequences are sorted by length (stable) and cut into minibatches
 * of {@code batchSize}, so each batch pads to a length close to all of its members'.
 */
public final class Batching {
  private Batching() {}

  /** The minibatches of one partition. */
  public static List<Batch> batches(List<SequenceExample> examples, int batchSize) {
    List<SequenceExample> sorted = new ArrayList<>(examples);
    // By length for bucketing, then by content: the order (and so the model) does not depend on
    // the order a shuffle delivered the rows in.
    sorted.sort(
        Comparator.comparingInt(SequenceExample::length)
            .thenComparingInt(SequenceExample::label)
            .thenComparing(SequenceExample::values, java.util.Arrays::compare)
            .thenComparing(
                SequenceExample::tags, java.util.Comparator.nullsFirst(java.util.Arrays::compare)));
    List<Batch> out = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += batchSize) {
      out.add(Batch.of(sorted.subList(from, Math.min(sorted.size(), from + batchSize))));
    }
    return out;
  }

  /**
   * The order a worker visits its batches in one epoch: a shuffle that depends only on the seed,
   * the epoch and the partition, so a retried task repeats it exactly.
   */
  public static int[] order(int batches, long seed, int epoch, int partition) {
    int[] order = new int[batches];
    for (int i = 0; i < batches; i++) {
      order[i] = i;
    }
    java.util.Random r = new java.util.Random(mix(seed, epoch, partition));
    for (int i = batches - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** A well-spread seed from several integers. */
  public static long mix(long seed, long... parts) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = (h ^ p) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    return h;
  }
}
