package org.birnn.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.birnn.layers.models.Model;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.sequence.SequenceNetworks;
import org.birnn.pipelines.spark.SequenceFeatures;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.SequenceExample;
import org.birnn.pipelines.training.TrainingSummary;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Spark figures for a W1-sized network (bidirectional LSTM, 128 units, sequences of 100 steps x
 * 128 features, batch 64) on {@code local[2]} with two workers and {@code averagingFrequency 5}.
 *
 * <ul>
 *   <li>{@code fit}'s rows per second per epoch against the bare network's {@code trainOnBatch} on
 *       the same rows and batches in this JVM, for the first fit of the JVM (which also pays for
 *       loading the native libraries, compiling the code and building the executors' networks) and
 *       for a second fit in the same session (a re-run, a grid search); each with every Spark job
 *       of the fit, the driver's gaps between them and the per-round profile.
 *   <li>{@code transform} throughput against the bare network's {@code predict} on the same rows.
 * </ul>
 *
 * <p>The rows are generated on the executors and written as Parquet, and the fits read that, as a
 * fit reads its input; the bare network gets the same rows as arrays on the driver.
 *
 * <p>Arguments: {@code --rows N} (default 2560), {@code --epochs N} ({@code maxIter}, default 1),
 * {@code --reps N} (default 3), {@code --warmup N} (unmeasured scoring repetitions of both before
 * them, default 2).
 */
public final class SparkBenchmark {
  private static final int TIME = 100;
  private static final int FEATURES = 128;
  private static final int BATCH = 64;

  private SparkBenchmark() {}

  /** Runs the measurement and prints the figures. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = Stats.args(args);
    int rows = Integer.parseInt(a.getOrDefault("rows", "2560"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "1"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "2"));
    Path dir = Files.createTempDirectory("birnn-spark-benchmark");
    SparkSession spark = localSession("birnn-spark benchmark");
    try {
      run(spark, dir.resolve("rows.parquet").toString(), rows, epochs, reps, warmup);
    } finally {
      spark.stop();
      org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());
    }
  }

  /** A {@code local[2]} session on loopback without the UI, as the benchmarks run Spark. */
  static SparkSession localSession(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  /**
   * Writes {@code rows} generated rows to {@code path}: {@code features} (steps of floats, class 1
   * leaning positive on the first feature, so there is something to learn) and {@code label}.
   */
  private static void generate(SparkSession spark, String path, int rows) {
    spark
        .range(0, rows, 1, 2)
        .selectExpr(
            "transform(sequence(0, "
                + (TIME - 1)
                + "), t -> transform(sequence(0, "
                + (FEATURES - 1)
                + "), f -> cast(pmod(hash(id, t, f), 10007) / 10007.0 - 0.5"
                + " + if(f = 0, pmod(id, 2) * 0.5, 0.0) as float))) as features",
            "cast(pmod(id, 2) as double) as label")
        .write()
        .parquet(path);
  }

  private static void run(
      SparkSession spark, String path, int rows, int epochs, int reps, int warmup) {
    generate(spark, path, rows);
    Dataset<Row> df = spark.read().parquet(path);
    List<SequenceExample> examples = examples(df);
    BidirectionalRNNClassifier clf =
        new BidirectionalRNNClassifier()
            .setUnits(128)
            .setBatchSize(BATCH)
            .setNumWorkers(2)
            .setAveragingFrequency(5)
            .setMaxIter(epochs)
            .setSeed(1);
    RoundProfile profile = new RoundProfile();
    spark.sparkContext().addSparkListener(profile);
    System.out.printf(
        "SparkBenchmark: %d rows of %d steps x %d features from Parquet, batch %d, %d epoch(s),"
            + " local[2], 2 workers, averaging every 5 batches%n",
        rows, TIME, FEATURES, BATCH, epochs);
    Quietness q = Quietness.now();
    long[] cold = fit(clf, df, rows, profile);
    long[] warm = fit(clf, df, rows, profile);
    Quietness bareStart = Quietness.now();
    double bare = bareEpochSeconds(clf, examples, reps);
    Quietness.OwnUse bareUse = Quietness.ownSince(bareStart);
    System.out.printf(
        "fit / trainOnBatch (rows per second per epoch): first fit of the JVM %.3f, second fit"
            + " %.3f; bare trainOnBatch %.0f rows/s (median of %d epochs; %s); other processes'"
            + " CPU share %.1f%%%n",
        epochs * bare / (cold[1] / 1e9),
        epochs * bare / (warm[1] / 1e9),
        rows / bare,
        reps,
        bareUse,
        100 * Quietness.othersShare(q));
    scoring(spark, df, examples, reps, warmup, profile);
  }

  /** Each row's features and label, read as the stages read them. */
  private static List<SequenceExample> examples(Dataset<Row> df) {
    Dataset<Row> selected = df.select("features", "label");
    org.apache.spark.sql.types.DataType type = selected.schema().apply(0).dataType();
    return SparkRows.of(selected)
        .map(
            r ->
                SparkRows.example(
                    r, 0, type, 0, FEATURES, (int) r.getDouble(1), "features", 0, false))
        .collect();
  }

  /** Fits once and prints its figures; returns the fit's start (epoch ms) and length (ns). */
  private static long[] fit(
      BidirectionalRNNClassifier clf, Dataset<Row> df, long rows, RoundProfile profile) {
    long startMillis = System.currentTimeMillis();
    Quietness q = Quietness.now();
    long t0 = System.nanoTime();
    BidirectionalRNNClassificationModel model = clf.fit(df);
    long nanos = System.nanoTime() - t0;
    Quietness.OwnUse use = Quietness.ownSince(q);
    TrainingSummary s = model.summary();
    double rounds = s.roundSeconds().stream().mapToDouble(Double::doubleValue).sum();
    System.out.printf(
        "fit: %.2f s, %.0f rows/s per epoch over the whole fit, %.0f over its rounds; %d rounds,"
            + " median round %.2f s, median worker training %.2f s, synchronization share %.1f%%;"
            + " Spark jobs (start, gap after the previous = driver-side work, wall):%n",
        nanos / 1e9,
        rows * s.epochSeconds().size() / (nanos / 1e9),
        rows * s.epochSeconds().size() / rounds,
        s.roundsRun(),
        median(s.roundSeconds()),
        median(s.roundTrainSeconds()),
        100 * s.synchronizationShare());
    long previousEnd = startMillis;
    int round = 0;
    for (RoundProfile.Job j : profile.jobsSince(startMillis)) {
      System.out.printf(
          "  at %5d ms (+%4d ms) %5d ms  %s",
          j.started() - startMillis, j.started() - previousEnd, j.wall(), j.description());
      if (j.description().startsWith("fit epoch") && round < s.roundTrainSeconds().size()) {
        System.out.printf(
            "; worker training %.0f ms; tasks launched at %d-%d ms, done by %d ms; slowest task"
                + " deserialize %d ms, result serialize %d ms (%d kB), GC %d ms",
            1000 * s.roundTrainSeconds().get(round++),
            j.firstLaunch(),
            j.lastLaunch(),
            j.lastFinish(),
            j.deserialize(),
            j.resultSerialize(),
            j.resultBytes() / 1024,
            j.gc());
      }
      System.out.println();
      previousEnd = j.started() + j.wall();
    }
    System.out.printf("  fit returned at %d ms; %s%n", nanos / 1_000_000, use);
    profile.clear();
    return new long[] {startMillis, nanos};
  }

  /** {@code transform} of the cached rows against {@code predict} on the same rows. */
  private static void scoring(
      SparkSession spark,
      Dataset<Row> df,
      List<SequenceExample> examples,
      int reps,
      int warmup,
      RoundProfile profile) {
    int rows = examples.size();
    BidirectionalRNNClassifier clf =
        new BidirectionalRNNClassifier().setUnits(128).setNumWorkers(2).setMaxIter(1).setSeed(1);
    Dataset<Row> cached = df.cache();
    BidirectionalRNNClassificationModel model = clf.fit(cached);
    Model net = model.network();
    INDArray all = stack(examples, 0, rows);
    double[] transformSeconds = new double[reps];
    double[] predictSeconds = new double[reps];
    RoundProfile.Job[] jobs = new RoundProfile.Job[reps];
    String[] use = new String[reps];
    Dataset<Row> scored = model.transform(cached).select("prediction");
    // Unmeasured warm-up repetitions of both, as JMH runs warm-up iterations: the first
    // materializes the cached rows and brings the network to each executor JVM, and the first few
    // compile the code only transform's tasks run (reading rows, building output rows).
    for (int rep = -warmup; rep < reps; rep++) {
      long since = System.currentTimeMillis();
      Quietness q0 = Quietness.now();
      long t0 = System.nanoTime();
      scored.collectAsList();
      long t1 = System.nanoTime();
      Quietness.OwnUse transformUse = Quietness.ownSince(q0);
      Quietness q1 = Quietness.now();
      for (int i = 0; i < rows; i += BATCH) {
        INDArray batch =
            all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, Math.min(rows, i + BATCH)))
                .dup('c');
        // The same minibatch size as transform (Model.predict(x) alone would use Keras's 32).
        net.predict(List.of(batch), BATCH);
      }
      long t2 = System.nanoTime();
      Quietness.OwnUse predictUse = Quietness.ownSince(q1);
      if (rep < 0) {
        System.out.printf(
            "  warm-up: transform %.2f s, predict %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        continue;
      }
      List<RoundProfile.Job> job = profile.jobsSince(since);
      jobs[rep] = job.isEmpty() ? null : job.get(job.size() - 1);
      transformSeconds[rep] = (t1 - t0) / 1e9;
      predictSeconds[rep] = (t2 - t1) / 1e9;
      use[rep] = "; transform: " + transformUse + "; predict: " + predictUse;
    }
    System.out.printf(
        "scoring %d cached rows: transform (local[2], 2 partitions) %.1f rows/s, bare predict"
            + " (batch %d) %.1f rows/s, median paired ratio %s%n",
        rows,
        rows / Stats.of(transformSeconds).median(),
        BATCH,
        rows / Stats.of(predictSeconds).median(),
        Stats.pairedRatio(predictSeconds, transformSeconds));
    for (int rep = 0; rep < reps; rep++) {
      RoundProfile.Job j = jobs[rep];
      System.out.printf(
          "  rep %d: transform %.2f s, predict %.2f s%s%s%n",
          rep,
          transformSeconds[rep],
          predictSeconds[rep],
          j == null
              ? ""
              : String.format(
                  "; job %d ms, tasks launched at %d-%d ms, done by %d ms, slowest task run"
                      + " %d ms, GC %d ms",
                  j.wall(), j.firstLaunch(), j.lastLaunch(), j.lastFinish(), j.run(), j.gc()),
          use[rep]);
    }
  }

  /** Rows {@code [from, to)} as one {@code [rows, TIME, FEATURES]} array. */
  private static INDArray stack(List<SequenceExample> examples, int from, int to) {
    float[] flat = new float[(to - from) * TIME * FEATURES];
    for (int i = from; i < to; i++) {
      System.arraycopy(
          examples.get(i).values(), 0, flat, (i - from) * TIME * FEATURES, TIME * FEATURES);
    }
    return Nd4j.create(flat, new long[] {to - from, TIME, FEATURES}, 'c');
  }

  /**
   * The median over {@code reps} of one epoch of {@code trainOnBatch} on the stage's own network
   * (built and compiled as its fit does), batches of {@link #BATCH} rows in order.
   */
  private static double bareEpochSeconds(
      BidirectionalRNNClassifier clf, List<SequenceExample> examples, int reps) {
    Model net =
        org.birnn.layers.utils.RandomSeeds.withSeed(
            1L,
            () ->
                SequenceNetworks.bidirectional(
                    clf,
                    SequenceFeatures.Kind.VECTORS,
                    0,
                    FEATURES,
                    2,
                    SequenceNetworks.Head.SEQUENCE));
    net.compile(
        org.birnn.layers.losses.Loss.get("sparse_categorical_crossentropy"),
        org.birnn.layers.optimizers.Optimizer.get(clf.getOptimizer(), clf.getStepSize()),
        List.of());
    List<INDArray> xs = new ArrayList<>();
    List<INDArray> ys = new ArrayList<>();
    for (int i = 0; i < examples.size(); i += BATCH) {
      int end = Math.min(examples.size(), i + BATCH);
      xs.add(stack(examples, i, end));
      float[] y = new float[end - i];
      for (int k = i; k < end; k++) {
        y[k - i] = examples.get(k).label();
      }
      ys.add(Nd4j.create(y, new long[] {end - i}, 'c'));
    }
    double[] seconds = new double[reps];
    for (int rep = 0; rep < reps; rep++) {
      long t0 = System.nanoTime();
      for (int b = 0; b < xs.size(); b++) {
        net.trainOnBatch(xs.get(b), ys.get(b));
      }
      seconds[rep] = (System.nanoTime() - t0) / 1e9;
    }
    return Stats.of(seconds).median();
  }

  private static double median(List<Double> values) {
    return Stats.of(values.stream().mapToDouble(Double::doubleValue).toArray()).median();
  }
}
