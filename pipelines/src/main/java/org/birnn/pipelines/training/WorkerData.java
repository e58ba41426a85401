package org.birnn.pipelines.training;

import java.io.Serializable;
import java.util.List;

/**
 * One block of a worker's training rows: a bounded number of minibatches, cached as the single
 * element of its RDD partition, so that a round reads only the block it trains (see {@link
 * BlockSchedule}) and an executor never holds a whole worker's data at once.
 *
 * @param partition the RDD partition (block) index
 * @param worker the worker whose data this is
 * @param batches its minibatches
 */
@com.esotericsoftware.kryo.DefaultSerializer(
    com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public record WorkerData(int partition, int worker, List<Batch> batches) implements Serializable {
  /** A worker's only block: partition and worker are the same. */
  public WorkerData(int partition, List<Batch> batches) {
    this(partition, partition, batches);
  }

  /** Number of sequences. */
  public long examples() {
    long n = 0;
    for (Batch b : batches) {
      n += b.size();
    }
    return n;
  }

  /** A hash of every batch, in order. */
  long contentHash() {
    long h = partition;
    for (Batch b : batches) {
      h = 31 * h + b.contentHash();
    }
    return h;
  }
}
