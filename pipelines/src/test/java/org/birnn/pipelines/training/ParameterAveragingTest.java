package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.metrics.MetricTotals;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.optimizers.Adam;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.GRU;
import org.birnn.layers.utils.RandomSeeds;
import org.birnn.pipelines.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The averaging loop against hand-run workers: exact equalities, not tolerances. */
@ExtendWith(LocalSpark.class)
class ParameterAveragingTest {
  private static final long SEED = 11;
  @TempDir Path dir;

  static List<SequenceExample> examples(int n, long seed) {
    Random r = new Random(seed);
    List<SequenceExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 2 + r.nextInt(5);
      float[] ids = new float[len];
      int label = r.nextInt(2);
      for (int t = 0; t < len; t++) {
        ids[t] = 1 + r.nextInt(9);
      }
      ids[r.nextInt(len)] = 10 + label;
      out.add(new SequenceExample(ids, len, 0, label));
    }
    return out;
  }

  /** Two workers of 24 examples each, in batches of 6, from seeds {@code seed, seed + 1}. */
  static List<WorkerData> twoWorkers(long seed) {
    return List.of(
        new WorkerData(0, Batching.batches(examples(24, seed), 6)),
        new WorkerData(1, Batching.batches(examples(24, seed + 1), 6)));
  }

  static Model network() {
    Model m =
        RandomSeeds.withSeed(
            SEED,
            () ->
                Sequential.of(
                    Input.shape(-1),
                    Embedding.of(12, 4, true),
                    Bidirectional.of(GRU.of(3)),
                    Dense.builder().units(2).activation(Activation.SOFTMAX).build()));
    m.compile(Loss.get("sparse_categorical_crossentropy"), new Adam(0.02), List.of("accuracy"));
    return m;
  }

  static NetworkSpec spec(Model m) {
    return NetworkSpec.of(m);
  }

  static JavaRDD<WorkerData> rdd(List<WorkerData> parts) {
    return JavaSparkContext.fromSparkContext(LocalSpark.spark().sparkContext())
        .parallelize(parts, parts.size());
  }

  static TrainingPlan plan(int epochs, int k) {
    return new TrainingPlan(epochs, k, true, 2, SEED);
  }

  static List<TrainingCallback> checkpoints(String dir) {
    return List.of(
        new CheckpointCallback(dir, 1, LocalSpark.spark().sparkContext().hadoopConfiguration()));
  }

  @Test
  void oneWorkerEqualsLocalTrainingOfTheSameNetwork() {
    WorkerData data = new WorkerData(0, Batching.batches(examples(40, 1), 8));
    Model distributed = network();
    Model local = network();
    assertEquals(local.parameters(), distributed.parameters(), "same seed, same initial weights");
    int k = 2;
    TrainingSummary summary =
        ParameterAveraging.train(rdd(List.of(data)), null, distributed, plan(2, k), List.of());
    int n = data.batches().size();
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] order = Batching.order(n, SEED, epoch, 0);
      MetricTotals totals = local.newTotals();
      for (int round = 0; round * k < n; round++) {
        local.reseed(Batching.mix(SEED, epoch, round, 0));
        for (int j = round * k; j < Math.min(n, round * k + k); j++) {
          Batch b = data.batches().get(order[j]);
          local.trainOnBatch(List.of(b.features()), b.labels(), totals);
        }
      }
      // The epoch's logs are Keras's running totals over the batches as they trained.
      for (Map.Entry<String, Double> e : totals.logs().entrySet()) {
        assertEquals(
            e.getValue(), summary.history().get(e.getKey()).get(epoch), 0.0, "epoch " + epoch);
      }
    }
    assertEquals(List.of("loss", "accuracy"), List.copyOf(summary.history().keySet()));
    assertEquals(
        null,
        LocalSpark.spark().sparkContext().getLocalProperty("spark.job.description"),
        "the rounds' job descriptions do not outlive the fit");
    assertArrayEquals(
        local.parameters().toFloatVector(), distributed.parameters().toFloatVector(), 0f);
    assertArrayEquals(
        local.optimizerState().toFloatVector(), distributed.optimizerState().toFloatVector(), 0f);
    assertEquals(local.iterations(), distributed.iterations());
  }

  @Test
  void averagedAdamStateIsTheMeanOfTheWorkersStates() {
    WorkerData a = new WorkerData(0, Batching.batches(examples(16, 2), 8));
    WorkerData b = new WorkerData(1, Batching.batches(examples(16, 3), 8));
    Model model = network();
    NetworkSpec spec = spec(model);
    RoundInput in =
        new RoundInput(
            spec,
            model.parameters().toFloatVector(),
            model.optimizerState().toFloatVector(),
            0,
            0,
            0,
            2,
            SEED,
            null);
    RoundResult ra = WorkerStep.run(a, in);
    RoundResult rb = WorkerStep.run(b, in);
    float[] raParams = ra.averageParams();
    float[] raState = ra.averageState();
    float[] rbParams = rb.averageParams();
    float[] rbState = rb.averageState();
    ParameterAveraging.train(rdd(List.of(a, b)), null, model, plan(1, 2), List.of());
    float[] state = model.optimizerState().toFloatVector();
    float[] params = model.parameters().toFloatVector();
    for (int i = 0; i < state.length; i++) {
      assertEquals((float) (((double) raState[i] + rbState[i]) / 2), state[i], 0f, "state " + i);
    }
    for (int i = 0; i < params.length; i++) {
      assertEquals((float) (((double) raParams[i] + rbParams[i]) / 2), params[i], 0f, "param " + i);
    }
    assertEquals(2, model.iterations());
  }

  @Test
  void aRetriedTaskGivesTheIdenticalModel() {
    List<WorkerData> parts =
        List.of(
            new WorkerData(0, Batching.batches(examples(24, 4), 6)),
            new WorkerData(1, Batching.batches(examples(24, 5), 6)));
    Model clean = network();
    ParameterAveraging.train(rdd(parts), null, clean, plan(2, 2), List.of());
    Model retried = network();
    WorkerStep.failFirstAttempts = true;
    try {
      ParameterAveraging.train(rdd(parts), null, retried, plan(2, 2), List.of());
    } finally {
      WorkerStep.failFirstAttempts = false;
    }
    assertArrayEquals(clean.parameters().toFloatVector(), retried.parameters().toFloatVector(), 0f);
  }

  @Test
  void aNewFitResumesFromTheCheckpointInsteadOfStartingOver() {
    List<WorkerData> parts = twoWorkers(6);
    String ckpt = dir.resolve("ckpt").toUri().toString();
    Model uninterrupted = network();
    TrainingSummary full =
        ParameterAveraging.train(rdd(parts), null, uninterrupted, plan(3, 2), List.of());
    Model first = network();
    TrainingSummary s1 =
        ParameterAveraging.train(rdd(parts), null, first, plan(2, 2), checkpoints(ckpt));
    assertEquals(
        s1.roundsRun(),
        Checkpoints.read(ckpt, LocalSpark.spark().sparkContext().hadoopConfiguration())
            .globalRound());
    Model resumed = network();
    TrainingSummary s2 =
        ParameterAveraging.train(rdd(parts), null, resumed, plan(3, 2), checkpoints(ckpt));
    assertEquals(s1.roundsRun(), s2.resumedFromRound(), "resumed after the rounds already done");
    assertEquals(full.roundsRun() - s1.roundsRun(), s2.roundsRun(), "only the missing epoch ran");
    assertArrayEquals(
        uninterrupted.parameters().toFloatVector(), resumed.parameters().toFloatVector(), 0f);
  }

  @Test
  void aCheckpointOfAnotherFitIsRefusedNamingWhatDiffers() {
    List<WorkerData> first = twoWorkers(6);
    List<WorkerData> other = twoWorkers(16);
    String ckpt = dir.resolve("ckpt").toUri().toString();
    ParameterAveraging.train(rdd(first), null, network(), plan(2, 2), checkpoints(ckpt));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ParameterAveraging.train(
                    rdd(other), null, network(), plan(2, 2), checkpoints(ckpt)));
    assertTrue(e.getMessage().contains("belongs to another fit"), e.getMessage());
    assertTrue(e.getMessage().contains("training data"), e.getMessage());
    assertTrue(e.getMessage().contains("checkpointMismatch"), e.getMessage());
    // Another seed is another fit too, and says so.
    IllegalStateException seed =
        assertThrows(
            IllegalStateException.class,
            () ->
                ParameterAveraging.train(
                    rdd(first),
                    null,
                    network(),
                    new TrainingPlan(2, 2, true, 2, SEED + 1),
                    checkpoints(ckpt)));
    assertTrue(seed.getMessage().contains("training settings"), seed.getMessage());
  }

  @Test
  void restartReplacesAnotherFitsCheckpointAndTrainsFromTheStart() {
    List<WorkerData> first = twoWorkers(6);
    List<WorkerData> other = twoWorkers(16);
    String ckpt = dir.resolve("ckpt").toUri().toString();
    ParameterAveraging.train(rdd(first), null, network(), plan(2, 2), checkpoints(ckpt));
    Model fresh = network();
    TrainingSummary clean =
        ParameterAveraging.train(rdd(other), null, fresh, plan(2, 2), List.of());
    Model restarted = network();
    TrainingSummary s =
        ParameterAveraging.train(
            rdd(other),
            null,
            restarted,
            plan(2, 2),
            List.of(
                new CheckpointCallback(
                    ckpt,
                    1,
                    LocalSpark.spark().sparkContext().hadoopConfiguration(),
                    CheckpointCallback.Mismatch.RESTART)));
    assertEquals(-1, s.resumedFromRound());
    assertEquals(clean.roundsRun(), s.roundsRun());
    assertArrayEquals(
        fresh.parameters().toFloatVector(), restarted.parameters().toFloatVector(), 0f);
    // The directory now continues the second fit.
    Model again = network();
    TrainingSummary resumed =
        ParameterAveraging.train(rdd(other), null, again, plan(2, 2), checkpoints(ckpt));
    assertEquals(0, resumed.roundsRun(), "a finished identical fit has nothing left to run");
  }

  @Test
  void aRoundResultLargerThanMaxResultSizeIsRefusedBeforeAnyJob() {
    Model m = network();
    ParameterAveraging.requireResultsFit(new org.apache.spark.SparkConf(), m);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ParameterAveraging.requireResultsFit(
                    new org.apache.spark.SparkConf().set("spark.driver.maxResultSize", "1k"), m));
    assertTrue(e.getMessage().contains("spark.driver.maxResultSize is 1024 bytes"), e.getMessage());
  }

  @Test
  void theLogsAreTheCompiledLossAndMetricsAndCallbacksCanStopAndReplaceWeights() {
    List<WorkerData> parts =
        List.of(
            new WorkerData(0, Batching.batches(examples(16, 8), 8)),
            new WorkerData(1, Batching.batches(examples(16, 9), 8)));
    Model model = network();
    // Compiled without metrics: the loop reports the loss only, whatever the task.
    model.compile(Loss.get("sparse_categorical_crossentropy"), new Adam(0.02), List.of());
    List<Map<String, Double>> seen = new ArrayList<>();
    double[] expectedValLoss = new double[1];
    TrainingCallback zeroAndStop =
        new TrainingCallback() {
          @Override
          public boolean onEpochEnd(Model m, int epoch, Map<String, Double> logs) {
            seen.add(logs);
            MetricTotals val = m.newTotals();
            for (WorkerData w : parts) {
              for (Batch b : w.batches()) {
                val.merge(m.evaluateTotals(List.of(b.features()), b.labels(), b.size()));
              }
            }
            expectedValLoss[0] = val.meanLoss();
            m.parameters().assign(0);
            return true;
          }
        };
    LocalSpark.spark().sparkContext().setJobDescription("the caller's own");
    TrainingSummary summary;
    try {
      summary =
          ParameterAveraging.train(rdd(parts), rdd(parts), model, plan(3, 2), List.of(zeroAndStop));
      assertEquals(
          "the caller's own",
          LocalSpark.spark().sparkContext().getLocalProperty("spark.job.description"));
    } finally {
      LocalSpark.spark().sparkContext().setJobDescription(null);
    }
    assertEquals(1, seen.size(), "stopped after the first epoch");
    assertEquals(List.of("loss", "val_loss"), List.copyOf(seen.get(0).keySet()));
    // val_loss: the epoch's averaged weights on the validation data; loss: the training batches.
    assertEquals(expectedValLoss[0], seen.get(0).get("val_loss"), 1e-12);
    assertTrue(seen.get(0).get("loss") > expectedValLoss[0], "trained while it was measured");
    assertEquals(List.of("loss", "val_loss"), List.copyOf(summary.history().keySet()));
    assertTrue(Double.isNaN(summary.trainAccuracy().get(0)));
    assertEquals(0f, model.parameters().amaxNumber().floatValue(), "the callback's weights won");
  }

  @Test
  void aDivergingFitStopsInTheRoundItDiverges() {
    List<WorkerData> parts =
        List.of(
            new WorkerData(0, Batching.batches(examples(16, 13), 8)),
            new WorkerData(1, Batching.batches(examples(16, 14), 8)));
    Model model = network();
    // One non-finite weight, as an exploding update leaves it: every loss becomes NaN.
    model.parameters().putScalar(0, Float.NaN);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ParameterAveraging.train(rdd(parts), null, model, plan(3, 1), List.of()));
    assertTrue(e.getMessage().startsWith("Training diverged in epoch 1, round "), e.getMessage());
    assertTrue(e.getMessage().endsWith("Lower stepSize, or check the input for extreme values"));
    var nan =
        assertThrows(
            IllegalStateException.class,
            () -> ParameterAveraging.requireFinite(Double.NaN, new float[2], 1, 4));
    assertEquals(
        "Training diverged in epoch 2, round 5: the training loss is NaN. Lower stepSize, or check"
            + " the input for extreme values",
        nan.getMessage());
    var inf =
        assertThrows(
            IllegalStateException.class,
            () ->
                ParameterAveraging.requireFinite(
                    0.5, new float[] {0, Float.POSITIVE_INFINITY}, 0, 0));
    assertTrue(
        inf.getMessage().contains("averaged parameter 1 of 2 is Infinity"), inf.getMessage());
  }
}
