package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.models.Model;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.utils.RandomSeeds;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.sequence.SequenceNetworks;
import org.birnn.pipelines.spark.SequenceFeatures;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W5: the classifier stage's own default network on text-shaped data ({@code Embedding(20000, 32,
 * mask_zero)}, {@code Bidirectional(LSTM(32))} to the last step, {@code Dense} softmax, sparse
 * cross-entropy, Adam at the stage's step size), as {@code SequenceNetworks} builds it for a fit:
 * sequences per second of {@code trainOnBatch} and of {@code predict}, padded batches of random
 * lengths (masked). Two settings of this library run interleaved in the same JVM: the optimizer
 * update as one pass over the flat vectors (the default) and the ND4J form ({@code
 * -Dbirnn.fusedOptimizer=false}), whose weights after the same steps are checked equal bit for bit
 * before timing. Each repetition records other processes' CPU share.
 *
 * <pre>
 * mvn -B -q -f benchmarks exec:exec -Dbench.main=TrainStepBenchmark \
 *     -Dbench.args="--batch 32 --min-length 5 --max-length 60 --reps 7"
 * </pre>
 */
public final class TrainStepBenchmark {
  private TrainStepBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> a = Stats.args(args);
    int batch = Integer.parseInt(a.getOrDefault("batch", "32"));
    int minLength = Integer.parseInt(a.getOrDefault("min-length", "5"));
    int maxLength = Integer.parseInt(a.getOrDefault("max-length", "60"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "7"));
    int batches = Integer.parseInt(a.getOrDefault("batches", "20"));
    int vocab = Integer.parseInt(a.getOrDefault("vocab", "20000"));

    Random r = new Random(42);
    List<INDArray> xs = new ArrayList<>();
    List<INDArray> ys = new ArrayList<>();
    for (int k = 0; k < batches; k++) {
      double[][] x = new double[batch][maxLength];
      double[][] y = new double[batch][1];
      for (int b = 0; b < batch; b++) {
        int len = minLength + r.nextInt(maxLength - minLength + 1);
        for (int t = 0; t < len; t++) {
          x[b][t] = 1 + r.nextInt(vocab - 1);
        }
        y[b][0] = r.nextInt(4);
      }
      xs.add(Nd4j.create(x));
      ys.add(Nd4j.create(y));
    }
    Model fused = network(vocab);
    Model plain = network(vocab);
    checkEqual(fused, plain, xs, ys);

    double[][] train = new double[2][reps];
    double[] score = new double[reps];
    double[] quiet = new double[reps];
    for (int rep = 0; rep < reps; rep++) {
      Quietness q = Quietness.now();
      train[0][rep] = seconds(() -> steps(fused, xs, ys), true);
      train[1][rep] = seconds(() -> steps(plain, xs, ys), false);
      score[rep] = seconds(() -> xs.forEach(fused::predict), true);
      quiet[rep] = Quietness.othersShare(q);
    }
    double rows = (double) batch * batches;
    System.out.printf(
        "W5 batch %d, lengths %d-%d, vocab %d, %d batches x %d reps%n",
        batch, minLength, maxLength, vocab, batches, reps);
    report("trainOnBatch, one-pass update", rows, train[0]);
    report("trainOnBatch, ND4J update", rows, train[1]);
    System.out.printf(
        "  one-pass over ND4J update: %s (median of paired ratios)%n",
        Stats.pairedRatio(train[1], train[0]));
    report("predict", rows, score);
    Stats qs = Stats.of(quiet);
    System.out.printf(
        "  other processes' CPU share: median %.1f%%, max %.1f%%%n",
        100 * qs.median(), 100 * qs.max());
  }

  /** The classifier's default network, as its fit builds and compiles it. */
  static Model network(int vocab) {
    BidirectionalRNNClassifier clf = new BidirectionalRNNClassifier();
    Model m =
        RandomSeeds.withSeed(
            7L,
            () ->
                SequenceNetworks.bidirectional(
                    clf, SequenceFeatures.Kind.IDS, vocab, 0, 4, SequenceNetworks.Head.SEQUENCE));
    m.compile(
        Loss.get("sparse_categorical_crossentropy"),
        Optimizer.get(clf.getOptimizer(), clf.getStepSize()),
        List.of());
    return m;
  }

  private static void steps(Model m, List<INDArray> xs, List<INDArray> ys) {
    for (int k = 0; k < xs.size(); k++) {
      m.trainOnBatch(xs.get(k), ys.get(k));
    }
  }

  private static double seconds(Runnable work, boolean fusedUpdate) {
    System.setProperty("birnn.fusedOptimizer", Boolean.toString(fusedUpdate));
    long t0 = System.nanoTime();
    work.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Both settings from the same start give the same weights after the same steps. */
  private static void checkEqual(Model fused, Model plain, List<INDArray> xs, List<INDArray> ys) {
    plain.setWeights(fused.getWeights());
    seconds(() -> steps(fused, xs, ys), true);
    seconds(() -> steps(plain, xs, ys), false);
    if (!fused.parameters().equals(plain.parameters())) {
      throw new IllegalStateException(
          "the one-pass and the ND4J updates disagree after "
              + xs.size()
              + " steps: max difference "
              + fused.parameters().sub(plain.parameters()).amaxNumber());
    }
    System.out.println("check: one-pass and ND4J updates equal bit for bit after the warm-up");
  }

  private static void report(String what, double rows, double[] seconds) {
    Stats s = Stats.of(seconds);
    System.out.printf(
        "  %-32s %8.0f seq/s (median; %.0f-%.0f)%n",
        what, rows / s.median(), rows / s.max(), rows / s.min());
  }
}
