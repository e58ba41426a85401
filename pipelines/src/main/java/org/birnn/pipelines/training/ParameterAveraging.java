package org.birnn.pipelines.training;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.birnn.layers.models.Model;
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
   * Trains {@code model} (its flat parameters are updated in place) and returns the summary.
   *
   * @param train cached worker data, one element per partition
   * @param validation cached validation data, or {@code null}
   */
  public static TrainingSummary train(
      JavaRDD<WorkerData> train,
      JavaRDD<WorkerData> validation,
      Model model,
      NetworkSpec spec,
      TrainingPlan plan) {
    SparkContext sc = train.context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    int maxBatches = train.map(w -> w.batches().size()).fold(0, Math::max);
    int rounds = Math.max(1, (maxBatches + plan.frequency() - 1) / plan.frequency());
    float[] params = model.parameters().toFloatVector();
    float[] state =
        model.optimizerState().length() == 0
            ? new float[0]
            : model.optimizerState().toFloatVector();
    long iterations = 0;
    int startEpoch = 0;
    int startRound = 0;
    int globalRound = 0;
    TrainingSummary summary = new TrainingSummary();
    String checkpointKey = NetworkSpec.compatibilityKey(model, spec.optimizerJson());
    if (plan.checkpointDir() != null) {
      Checkpoints.State s = Checkpoints.read(plan.checkpointDir(), sc.hadoopConfiguration());
      if (s != null && !s.specKey().equals(checkpointKey)) {
        LOG.warn(
            "Ignoring the checkpoint in {}: it belongs to another network or optimizer",
            plan.checkpointDir());
      }
      if (s != null && s.specKey().equals(checkpointKey) && s.params().length == params.length) {
        params = s.params();
        state = s.state();
        iterations = s.iterations();
        startEpoch = s.epoch();
        startRound = s.round();
        globalRound = s.globalRound();
        summary.resumedFrom(globalRound);
        LOG.info(
            "Resuming from the checkpoint in {}: epoch {}, round {}",
            plan.checkpointDir(),
            startEpoch + 1,
            startRound + 1);
      }
    }
    double bestValLoss = Double.POSITIVE_INFINITY;
    float[] bestParams = null;
    int sinceBest = 0;
    for (int epoch = startEpoch; epoch < plan.epochs(); epoch++) {
      long start = System.nanoTime();
      for (int round = epoch == startEpoch ? startRound : 0; round < rounds; round++) {
        long roundStart = System.nanoTime();
        sc.setJobDescription(
            String.format(
                "fit epoch %d/%d round %d/%d", epoch + 1, plan.epochs(), round + 1, rounds));
        Broadcast<RoundInput> bc =
            jsc.broadcast(
                new RoundInput(
                    spec, params, state, iterations, epoch, round, plan.frequency(), plan.seed()));
        RoundResult r =
            train.treeAggregate(
                new RoundResult(),
                (acc, w) -> acc.add(WorkerStep.run(w, bc.value())),
                RoundResult::add,
                plan.aggregationDepth());
        bc.destroy();
        if (r.workers() > 0) {
          params = r.averageParams();
          state = plan.averageOptimizerState() ? r.averageState() : new float[0];
          iterations += r.maxSteps();
          summary.addRound(
              r.meanLoss(), (System.nanoTime() - roundStart) / 1e9, r.maxTrainSeconds());
        }
        globalRound++;
        if (plan.checkpointDir() != null && globalRound % plan.checkpointInterval() == 0) {
          int nextEpoch = round + 1 < rounds ? epoch : epoch + 1;
          int nextRound = round + 1 < rounds ? round + 1 : 0;
          Checkpoints.write(
              plan.checkpointDir(),
              new Checkpoints.State(
                  checkpointKey, nextEpoch, nextRound, globalRound, iterations, params, state),
              sc.hadoopConfiguration());
        }
      }
      double[] trainEval =
          evaluate(train, spec, params, jsc, "evaluate epoch " + (epoch + 1) + " (training data)");
      double[] valEval =
          validation == null
              ? null
              : evaluate(
                  validation,
                  spec,
                  params,
                  jsc,
                  "evaluate epoch " + (epoch + 1) + " (validation data)");
      double seconds = (System.nanoTime() - start) / 1e9;
      double valAcc = valEval == null ? Double.NaN : valEval[0] / valEval[1];
      double valLoss = valEval == null ? Double.NaN : valEval[2] / valEval[1];
      summary.addEpoch(trainEval[0] / trainEval[1], valAcc, valLoss, seconds);
      LOG.info(
          "fit epoch {}/{}: loss {}, train accuracy {}{}, {}s",
          epoch + 1,
          plan.epochs(),
          String.format("%.4f", trainEval[2] / trainEval[1]),
          String.format("%.4f", trainEval[0] / trainEval[1]),
          valEval == null ? "" : String.format(", validation accuracy %.4f", valAcc),
          String.format("%.1f", seconds));
      if (valEval != null) {
        if (valLoss < bestValLoss) {
          bestValLoss = valLoss;
          bestParams = params.clone();
          sinceBest = 0;
        } else if (++sinceBest >= plan.patience()) {
          LOG.info(
              "Early stopping after epoch {}: validation loss did not improve for {} epoch(s)",
              epoch + 1,
              plan.patience());
          params = bestParams;
          break;
        }
      }
    }
    model
        .parameters()
        .assign(org.nd4j.linalg.factory.Nd4j.create(params, new long[] {params.length}, 'c'));
    if (state.length == model.optimizerState().length()) {
      model
          .optimizerState()
          .assign(org.nd4j.linalg.factory.Nd4j.create(state, new long[] {state.length}, 'c'));
    }
    model.setIterations(iterations);
    return summary;
  }

  private static double[] evaluate(
      JavaRDD<WorkerData> data,
      NetworkSpec spec,
      float[] params,
      JavaSparkContext jsc,
      String description) {
    jsc.setJobDescription(description);
    Broadcast<float[]> bc = jsc.broadcast(params);
    double[] sums =
        data.map(w -> WorkerStep.evaluate(w, spec, bc.value()))
            .fold(
                new double[3],
                (a, b) -> {
                  double[] c = new double[3];
                  for (int i = 0; i < 3; i++) {
                    c[i] = a[i] + b[i];
                  }
                  return c;
                });
    bc.destroy();
    return sums;
  }
}
