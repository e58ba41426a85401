package org.birnn.pipelines.training;

import java.io.Serializable;

/**
 * The broadcast of one averaging round: the flat parameters and optimizer state every worker starts
 * from, and where in training the round is.
 *
 * @param spec the network
 * @param params flat parameters
 * @param state flat optimizer state
 * @param iterations optimizer steps taken so far
 * @param epoch 0-based epoch
 * @param round 0-based round within the epoch
 * @param frequency minibatches each worker trains this round
 * @param seed the training seed
 * @param ranges per partition, the {@code {from, to}} positions of its batch order it trains this
 *     round ({@code null} entries: not this round), from {@link BlockSchedule#ranges}; {@code null}
 *     for every partition training positions {@code round * frequency} onwards
 */
@com.esotericsoftware.kryo.DefaultSerializer(
    com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public record RoundInput(
    NetworkSpec spec,
    float[] params,
    float[] state,
    long iterations,
    int epoch,
    int round,
    int frequency,
    long seed,
    int[][] ranges)
    implements Serializable {
  /** The {@code {from, to}} positions partition {@code p} trains, or {@code null} for none. */
  int[] range(int p, int batches) {
    if (ranges == null) {
      int from = round * frequency;
      return from < batches ? new int[] {from, Math.min(batches, from + frequency)} : null;
    }
    return p < ranges.length && ranges[p] != null
        ? new int[] {ranges[p][0], Math.min(batches, ranges[p][1])}
        : null;
  }
}
