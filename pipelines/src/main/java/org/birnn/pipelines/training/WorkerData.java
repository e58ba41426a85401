package org.birnn.pipelines.training;

import java.io.Serializable;
import java.util.List;

/**
 * Everything one worker (partition) trains on, cached as a single object per partition so a round
 * touches only the batches it trains and its cost does not grow with the data.
 *
 * @param partition the partition index
 * @param batches its minibatches
 */
public record WorkerData(int partition, List<Batch> batches) implements Serializable {
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
