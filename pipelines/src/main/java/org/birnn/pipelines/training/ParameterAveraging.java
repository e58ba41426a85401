package org.birnn.pipelines.training;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.birnn.layers.metrics.MetricTotals;
import org.birnn.layers.models.Model;
import org.birnn.layers.utils.FloatArrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's loop: each round broadcasts the flat parameters and optimizer state, every worker
 * trains {@code frequency} local minibatches, {@code treeAggregate} sums the results and the driver
 * averages them. The training data stays on the executors.
 */
public final class ParameterAveraging {
  private static final Logger LOG = LoggerFactory.getLogger(ParameterAveraging.class);

  private ParameterAveraging() {}

  /**
   * Trains {@code model} (its flat parameters are updated in place) and returns the summary. The
   * loss and metrics are those {@code model} was compiled with; the task's own hooks (checkpoints,
   * early stopping) come as {@code callbacks}.
   *
   * @param train cached worker data, one element per partition
   * @param validation cached validation data, or {@code null}
   * @param model a compiled network
   */
  public static TrainingSummary train(
      JavaRDD<WorkerData> train,
      JavaRDD<WorkerData> validation,
      Model model,
      TrainingPlan plan,
      List<TrainingCallback> callbacks) {
    SparkContext sc = train.context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    requireResultsFit(sc.getConf(), model);
    NetworkSpec spec = NetworkSpec.of(model);
    BlockSchedule schedule =
        new BlockSchedule(
            train
                .map(w -> new BlockSchedule.Block(w.partition(), w.worker(), w.batches().size()))
                .collect(),
            plan.frequency());
    int rounds = schedule.rounds();
    Progress p = new Progress(0, 0, 0, 0, model.parameters().toFloatVector(), initialState(model));
    Progress initial = p;
    Supplier<TrainingFingerprint> fingerprint =
        memoize(() -> TrainingFingerprint.of(model, plan, train, validation));
    for (TrainingCallback c : callbacks) {
      p = c.onTrainBegin(model, p, fingerprint);
    }
    TrainingSummary summary = new TrainingSummary();
    if (p != initial) {
      summary.resumedFrom(p.globalRound());
    }
    boolean stop = false;
    for (int epoch = p.epoch(); epoch < plan.epochs() && !stop; epoch++) {
      long start = System.nanoTime();
      // As Keras's fit logs them: the loss and metrics of the epoch's training batches, each
      // measured on its worker's training forward pass, with no second pass over the data. After
      // a resumed fit, the totals cover the rounds this fit ran.
      MetricTotals totals = model.newTotals();
      for (int round = epoch == p.epoch() ? p.round() : 0; round < rounds; round++) {
        p = round(train, schedule, jsc, spec, plan, p, epoch, round, rounds, summary, totals);
        for (TrainingCallback c : callbacks) {
          c.onRoundEnd(p);
        }
      }
      assign(model, p);
      Map<String, Double> logs = totals.logs();
      if (validation != null) {
        Map<String, Double> val = evaluate(validation, spec, p.params(), jsc, epoch, model);
        val.forEach((k, v) -> logs.put("val_" + k, v));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      summary.addEpoch(logs, seconds);
      LOG.info(
          "fit epoch {}/{}: {}, {}s",
          epoch + 1,
          plan.epochs(),
          logs,
          String.format("%.1f", seconds));
      for (TrainingCallback c : callbacks) {
        stop |= c.onEpochEnd(model, epoch, logs);
      }
      // A callback may have replaced the weights (early stopping restores the best ones).
      p =
          new Progress(
              p.epoch(),
              p.round(),
              p.globalRound(),
              p.iterations(),
              model.parameters().toFloatVector(),
              p.state());
    }
    assign(model, p);
    return summary;
  }

  /**
   * The partitions (blocks) that train this round: the others are not even read, so a round's cost
   * follows the blocks it trains, not the data.
   */
  private static JavaRDD<WorkerData> only(JavaRDD<WorkerData> train, int[][] ranges) {
    boolean[] keep = new boolean[train.getNumPartitions()];
    boolean all = true;
    for (int i = 0; i < keep.length; i++) {
      keep[i] = i < ranges.length && ranges[i] != null;
      all &= keep[i];
    }
    if (all) {
      return train;
    }
    return new JavaRDD<>(
        org.apache.spark.rdd.PartitionPruningRDD.create(train.rdd(), new Keep(keep)),
        scala.reflect.ClassTag$.MODULE$.apply(WorkerData.class));
  }

  /** The partition filter of {@link #only}, shipped with the tasks. */
  private static final class Keep extends scala.runtime.AbstractFunction1<Object, Object>
      implements java.io.Serializable {
    private final boolean[] keep;

    Keep(boolean[] keep) {
      this.keep = keep;
    }

    @Override
    public Object apply(Object partition) {
      return keep[(Integer) partition];
    }
  }

  /**
   * A round's aggregated result (parameters and optimizer state as floats) reaches the driver as
   * one task result, which {@code spark.driver.maxResultSize} bounds: checked before any job.
   */
  static void requireResultsFit(org.apache.spark.SparkConf conf, Model model) {
    long floats = model.parameters().length() + model.optimizerState().length();
    long bytes = 4 * floats + 4096;
    long max = conf.getSizeAsBytes("spark.driver.maxResultSize", "1g");
    if (max > 0 && bytes > max) {
      throw new IllegalArgumentException(
          "A round's result is about "
              + bytes
              + " bytes ("
              + floats
              + " parameters and optimizer state values) but spark.driver.maxResultSize is "
              + max
              + " bytes; raise spark.driver.maxResultSize or train a smaller network");
    }
  }

  private static <T> Supplier<T> memoize(Supplier<T> f) {
    Object[] value = new Object[1];
    return () -> {
      if (value[0] == null) {
        value[0] = f.get();
      }
      @SuppressWarnings("unchecked")
      T t = (T) value[0];
      return t;
    };
  }

  private static float[] initialState(Model model) {
    return model.optimizerState().length() == 0
        ? new float[0]
        : model.optimizerState().toFloatVector();
  }

  /** One averaging round: broadcast, local training on every worker, aggregate, average. */
  private static Progress round(
      JavaRDD<WorkerData> train,
      BlockSchedule schedule,
      JavaSparkContext jsc,
      NetworkSpec spec,
      TrainingPlan plan,
      Progress p,
      int epoch,
      int round,
      int rounds,
      TrainingSummary summary,
      MetricTotals epochTotals) {
    long roundStart = System.nanoTime();
    int[][] ranges = schedule.ranges(plan.seed(), epoch, round);
    String description =
        String.format("fit epoch %d/%d round %d/%d", epoch + 1, plan.epochs(), round + 1, rounds);
    Broadcast<RoundInput> bc =
        jsc.broadcast(
            new RoundInput(
                spec,
                p.params(),
                p.state(),
                p.iterations(),
                epoch,
                round,
                plan.frequency(),
                plan.seed(),
                ranges));
    RoundResult r;
    try {
      r =
          described(
              jsc,
              description,
              () ->
                  only(train, ranges)
                      .treeAggregate(
                          new RoundResult(),
                          (acc, w) -> acc.add(WorkerStep.run(w, bc.value())),
                          RoundResult::add,
                          plan.aggregationDepth()));
    } finally {
      // Also when the round fails: a caller that retries the fit must not pile up broadcasts.
      bc.destroy();
    }
    float[] params = p.params();
    float[] state = p.state();
    long iterations = p.iterations();
    if (r.workers() > 0) {
      params = r.averageParams();
      requireFinite(r.meanLoss(), params, epoch, round);
      state = plan.averageOptimizerState() ? r.averageState() : new float[0];
      iterations += r.maxSteps();
      summary.addRound(r.meanLoss(), (System.nanoTime() - roundStart) / 1e9, r.maxTrainSeconds());
      epochTotals.merge(r.totals());
    }
    boolean last = round + 1 >= rounds;
    return new Progress(
        last ? epoch + 1 : epoch,
        last ? 0 : round + 1,
        p.globalRound() + 1,
        iterations,
        params,
        state);
  }

  /**
   * Stops a diverged fit in the round it diverges, before NaN or infinite weights are averaged,
   * checkpointed and returned (a model whose every prediction is class 0).
   *
   * @throws IllegalStateException naming the epoch and round, and what to change
   */
  static void requireFinite(double loss, float[] params, int epoch, int round) {
    String what = null;
    if (!Double.isFinite(loss)) {
      what = "the training loss is " + loss;
    } else {
      for (int i = 0; i < params.length; i++) {
        if (!Float.isFinite(params[i])) {
          what = "averaged parameter " + i + " of " + params.length + " is " + params[i];
          break;
        }
      }
    }
    if (what != null) {
      throw new IllegalStateException(
          "Training diverged in epoch "
              + (epoch + 1)
              + ", round "
              + (round + 1)
              + ": "
              + what
              + ". Lower stepSize, or check the input for extreme values");
    }
  }

  /** Writes the parameters, optimizer state and step count of {@code p} into {@code model}. */
  private static void assign(Model model, Progress p) {
    float[] params = p.params();
    FloatArrays.assign(model.parameters(), params);
    float[] state = p.state();
    if (state.length == model.optimizerState().length()) {
      FloatArrays.assign(model.optimizerState(), state);
    }
    model.setIterations(p.iterations());
  }

  /**
   * The loss and compiled metrics of {@code model}'s network with {@code params} on {@code data},
   * as Keras's {@code evaluate} gives them; NaN for each when {@code data} has no rows (a small
   * data set's validation split can be empty).
   */
  private static Map<String, Double> evaluate(
      JavaRDD<WorkerData> data,
      NetworkSpec spec,
      float[] params,
      JavaSparkContext jsc,
      int epoch,
      Model model) {
    Broadcast<float[]> bc = jsc.broadcast(params);
    try {
      return described(
          jsc,
          "evaluate epoch " + (epoch + 1) + " (validation data)",
          () ->
              data.map(w -> WorkerStep.evaluate(w, spec, bc.value()))
                  .fold(model.newTotals(), MetricTotals::merge)
                  .logs());
    } finally {
      bc.destroy();
    }
  }

  private static final String JOB_DESCRIPTION = "spark.job.description";

  /**
   * Runs {@code jobs} with {@code description} on their Spark jobs (as the Spark UI shows them),
   * then restores the caller's own: the description is a sticky thread property, and left set,
   * every job the caller ran after a fit would show as the fit's last round.
   */
  private static <T> T described(JavaSparkContext jsc, String description, Supplier<T> jobs) {
    String before = jsc.getLocalProperty(JOB_DESCRIPTION);
    jsc.setJobDescription(description);
    try {
      return jobs.get();
    } finally {
      jsc.sc().setLocalProperty(JOB_DESCRIPTION, before);
    }
  }
}
