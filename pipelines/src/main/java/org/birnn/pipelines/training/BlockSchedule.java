package org.birnn.pipelines.training;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which batches of which block each round trains. A worker's training rows are kept as blocks (one
 * RDD partition each, a bounded number of batches), so that an executor holds and reads a block at
 * a time and never a whole partition; a round of a worker trains {@code frequency} batches of one
 * block, in that block's shuffled order, and a block's last round trains what is left. In every
 * epoch each worker visits its blocks in a shuffled order; the workers' rounds run side by side.
 *
 * <p>A worker with a single block (every worker, unless its data outgrows a block) trains exactly
 * as without blocks: round {@code r} takes batches {@code r * frequency} onwards of its order.
 */
public final class BlockSchedule implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One block: its RDD partition, its worker and how many batches it holds. */
  @com.esotericsoftware.kryo.DefaultSerializer(
      com.esotericsoftware.kryo.serializers.JavaSerializer.class)
  public record Block(int partition, int worker, int batches) implements Serializable {}

  /** Each worker's blocks, in partition order. */
  private final List<List<Block>> byWorker;

  private final int partitions;
  private final int frequency;
  private final int rounds;

  /**
   * @param blocks every block, in partition order
   * @param frequency batches a worker trains per round
   */
  public BlockSchedule(List<Block> blocks, int frequency) {
    this.frequency = frequency;
    List<List<Block>> mine = new ArrayList<>();
    int p = 0;
    int max = 0;
    for (Block b : blocks) {
      while (mine.size() <= b.worker()) {
        mine.add(new ArrayList<>());
      }
      mine.get(b.worker()).add(b);
      p = Math.max(p, b.partition() + 1);
    }
    for (List<Block> worker : mine) {
      int chunks = 0;
      for (Block b : worker) {
        chunks += (b.batches() + frequency - 1) / frequency;
      }
      max = Math.max(max, chunks);
    }
    this.byWorker = mine;
    this.partitions = p;
    this.rounds = Math.max(1, max);
  }

  /** Rounds per epoch: the most any worker needs. */
  public int rounds() {
    return rounds;
  }

  /**
   * The batches each block trains in round {@code round} of epoch {@code epoch}: indexed by
   * partition, {@code {from, to}} positions in the block's shuffled batch order, or {@code null}
   * for a block that does not train this round.
   */
  public int[][] ranges(long seed, int epoch, int round) {
    int[][] out = new int[partitions][];
    for (int w = 0; w < byWorker.size(); w++) {
      int[] chunk = chunk(seed, epoch, w, round);
      if (chunk != null) {
        out[chunk[0]] = new int[] {chunk[1], chunk[2]};
      }
    }
    return out;
  }

  /** {partition, from, to} of worker {@code w}'s round {@code round}, or {@code null}. */
  private int[] chunk(long seed, int epoch, int w, int round) {
    List<Block> mine = byWorker.get(w);
    if (mine.isEmpty()) {
      return null;
    }
    int[] order =
        mine.size() == 1 ? new int[] {0} : Batching.order(mine.size(), seed, epoch, -1 - w);
    int left = round;
    for (int i : order) {
      Block b = mine.get(i);
      int chunks = (b.batches() + frequency - 1) / frequency;
      if (left < chunks) {
        int from = left * frequency;
        return new int[] {b.partition(), from, Math.min(b.batches(), from + frequency)};
      }
      left -= chunks;
    }
    return null;
  }
}
