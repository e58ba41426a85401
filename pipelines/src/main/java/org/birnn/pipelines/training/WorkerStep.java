package org.birnn.pipelines.training;

import java.util.List;
import org.birnn.layers.metrics.MetricTotals;
import org.birnn.layers.models.Model;
import org.birnn.layers.utils.FloatArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The executor side of a round, a pure function of its inputs: start from the broadcast parameters
 * and state, train this round's minibatches in the epoch's seeded order, return the result. A
 * retried task therefore returns the identical result.
 */
public final class WorkerStep {
  /**
   * Test hook: when set, the first attempt of every training task fails, so tests can check that
   * Spark's retry gives the identical result.
   */
  static volatile boolean failFirstAttempts;

  private WorkerStep() {}

  /** Trains one worker's share of a round. */
  public static RoundResult run(WorkerData data, RoundInput in) {
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    TaskThreads.sizeToTask();
    if (failFirstAttempts && task != null && task.attemptNumber() == 0) {
      throw new IllegalStateException("injected failure of the first attempt (test hook)");
    }
    int n = data.batches().size();
    int[] range = in.range(data.partition(), n);
    if (range == null || range[0] >= range[1]) {
      return new RoundResult();
    }
    int from = range[0];
    int to = range[1];
    long started = System.nanoTime();
    Model model = ExecutorModels.training(in.spec());
    FloatArrays.assign(model.parameters(), in.params());
    INDArray state = model.optimizerState();
    if (in.state().length > 0) {
      FloatArrays.assign(state, in.state());
    } else {
      model.optimizer().initState(state, model.parameters().length());
    }
    model.setIterations(in.iterations());
    model.reseed(Batching.mix(in.seed(), in.epoch(), in.round(), data.partition()));
    int[] order = Batching.order(n, in.seed(), in.epoch(), data.partition());
    MetricTotals totals = model.newTotals();
    for (int j = from; j < to; j++) {
      // A cancelled job (a killed stage, a cancelled Spark Connect operation) stops between two
      // batches instead of training the rest of the round for nothing.
      if (task != null) {
        task.killTaskIfInterrupted();
      }
      Batch b = data.batches().get(order[j]);
      try {
        model.trainOnBatch(List.of(b.features()), b.labels(), totals);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "worker "
                + data.partition()
                + " failed on batch "
                + order[j]
                + " (epoch "
                + in.epoch()
                + ", round "
                + in.round()
                + "): "
                + e.getMessage(),
            e);
      }
    }
    return RoundResult.of(
            model.parameters().toFloatVector(),
            model.optimizerState().toFloatVector(),
            totals,
            to - from)
        .trainedFor((System.nanoTime() - started) / 1e9);
  }

  /**
   * The totals over one worker's data of the loss and each metric the network was compiled with,
   * the network run as in inference.
   */
  public static MetricTotals evaluate(WorkerData data, NetworkSpec spec, float[] params) {
    TaskThreads.sizeToTask();
    Model model = ExecutorModels.training(spec);
    FloatArrays.assign(model.parameters(), params);
    MetricTotals totals = model.newTotals();
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    for (Batch b : data.batches()) {
      if (task != null) {
        task.killTaskIfInterrupted();
      }
      totals.merge(model.evaluateTotals(List.of(b.features()), b.labels(), b.size()));
    }
    return totals;
  }
}
