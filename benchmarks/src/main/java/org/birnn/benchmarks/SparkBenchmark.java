package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.models.Model;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.sequence.SequenceNetworks;
import org.birnn.pipelines.spark.SequenceFeatures;
import org.birnn.pipelines.training.TrainingSummary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Spark figures for a W1-sized network (bidirectional LSTM, 128 units, sequences of 100 steps x
 * 128 features, batch 64) on {@code local[2]} with two workers: {@code fit}'s rows per second
 * against the bare network's {@code trainOnBatch} on the same rows and batches in this JVM, the
 * share of each averaging round spent synchronizing (broadcast, scheduling, aggregation, averaging)
 * with {@code averagingFrequency 5} and the per-round profile, and {@code transform} throughput
 * against the bare network's {@code predict} on the same rows.
 *
 * <p>Arguments: {@code --rows N} (default 1280), {@code --reps N} (default 3).
 */
public final class SparkBenchmark {
  private static final int TIME = 100;
  private static final int FEATURES = 128;
  private static final int BATCH = 64;

  private SparkBenchmark() {}

  /** Runs the measurement and prints the figures. */
  public static void main(String[] args) {
    Map<String, String> a = Stats.args(args);
    int rows = Integer.parseInt(a.getOrDefault("rows", "1280"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
    SparkSession spark = localSession("birnn-spark benchmark");
    try {
      run(spark, rows, reps);
    } finally {
      spark.stop();
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

  private static void run(SparkSession spark, int rows, int reps) {
    Random r = new Random(3);
    float[][][] data = new float[rows][TIME][FEATURES];
    List<Row> list = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double label = i % 2;
      List<List<Float>> seq = new ArrayList<>();
      for (int t = 0; t < TIME; t++) {
        List<Float> step = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
          // Class 1 leans positive on the first feature, so the network has something to learn.
          float v = r.nextFloat() - 0.5f + (f == 0 ? (float) label * 0.5f : 0f);
          data[i][t][f] = v;
          step.add(v);
        }
        seq.add(step);
      }
      list.add(RowFactory.create(seq, label));
    }
    StructType schema =
        new StructType()
            .add(
                "features",
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
            .add("label", DataTypes.DoubleType);
    Dataset<Row> df = spark.createDataFrame(list, schema).repartition(2).cache();
    df.count();
    BidirectionalRNNClassifier clf =
        new BidirectionalRNNClassifier()
            .setUnits(128)
            .setBatchSize(BATCH)
            .setNumWorkers(2)
            .setAveragingFrequency(5)
            .setMaxIter(1)
            .setSeed(1);
    RoundProfile profile = new RoundProfile();
    spark.sparkContext().addSparkListener(profile);
    long f0 = System.nanoTime();
    BidirectionalRNNClassificationModel model = clf.fit(df);
    double fitSeconds = (System.nanoTime() - f0) / 1e9;
    TrainingSummary s = model.summary();
    double roundTotal = s.roundSeconds().stream().mapToDouble(Double::doubleValue).sum();
    double bare = bareEpochSeconds(clf, data, reps);
    System.out.printf(
        "fit: %.0f rows/s over the whole fit (%.2f s), %.0f rows/s over its rounds; the bare"
            + " network's trainOnBatch on the same rows and batches in this JVM: %.0f rows/s;"
            + " fit / trainOnBatch %.3f (rounds only %.3f)%n",
        rows / fitSeconds,
        fitSeconds,
        rows / roundTotal,
        rows / bare,
        bare / fitSeconds,
        bare / roundTotal);
    System.out.printf(
        "fit: %d rounds, %.2f s of rounds, median round %.2f s, median worker training %.2f s,"
            + " synchronization share %.1f%%%n",
        s.roundsRun(),
        roundTotal,
        median(s.roundSeconds()),
        median(s.roundTrainSeconds()),
        100 * s.synchronizationShare());
    List<RoundProfile.Job> jobs = profile.jobs("fit epoch");
    for (int i = 0; i < jobs.size(); i++) {
      RoundProfile.Job j = jobs.get(i);
      System.out.printf(
          "  round %d: %.0f ms, worker training %.0f ms; job %d ms: tasks launched at %d-%d ms, last done at %d ms; slowest"
              + " task deserialize %d ms, run %d ms, result serialize %d ms (%d kB), GC %d ms%n",
          i + 1,
          i < s.roundSeconds().size() ? 1000 * s.roundSeconds().get(i) : Double.NaN,
          i < s.roundTrainSeconds().size() ? 1000 * s.roundTrainSeconds().get(i) : Double.NaN,
          j.wall(),
          j.firstLaunch(),
          j.lastLaunch(),
          j.lastFinish(),
          j.deserialize(),
          j.run(),
          j.resultSerialize(),
          j.resultBytes() / 1024,
          j.gc());
    }

    Model net = model.network();
    INDArray all = Nd4j.create(DataType.FLOAT, rows, TIME, FEATURES);
    for (int i = 0; i < rows; i++) {
      all.putSlice(i, Nd4j.create(data[i]));
    }
    double[] transformSeconds = new double[reps];
    double[] predictSeconds = new double[reps];
    Dataset<Row> scored = model.transform(df).select("prediction");
    scored.collectAsList(); // warm-up: the network reaches each executor JVM once
    for (int rep = 0; rep < reps; rep++) {
      long t0 = System.nanoTime();
      scored.collectAsList();
      long t1 = System.nanoTime();
      for (int i = 0; i < rows; i += BATCH) {
        int end = Math.min(rows, i + BATCH);
        INDArray batch = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, end)).dup('c');
        // The same minibatch size as transform (Model.predict(x) alone would use Keras's 32).
        net.predict(List.of(batch), BATCH);
      }
      long t2 = System.nanoTime();
      transformSeconds[rep] = (t1 - t0) / 1e9;
      predictSeconds[rep] = (t2 - t1) / 1e9;
    }
    double tr = rows / Stats.of(transformSeconds).median();
    double pr = rows / Stats.of(predictSeconds).median();
    System.out.printf(
        "scoring %d rows: transform (local[2], 2 partitions) %.1f rows/s, bare predict (batch %d)"
            + " %.1f rows/s, median paired ratio %s%n",
        rows, tr, BATCH, pr, Stats.pairedRatio(predictSeconds, transformSeconds));
    for (int rep = 0; rep < reps; rep++) {
      System.out.printf(
          "  rep %d: transform %.2f s, predict %.2f s%n",
          rep, transformSeconds[rep], predictSeconds[rep]);
    }
  }

  /**
   * The median over {@code reps} of one epoch of {@code trainOnBatch} on the stage's own network
   * (built and compiled as its fit does), batches of {@link #BATCH} rows in order.
   */
  private static double bareEpochSeconds(
      BidirectionalRNNClassifier clf, float[][][] data, int reps) {
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
    for (int i = 0; i < data.length; i += BATCH) {
      int end = Math.min(data.length, i + BATCH);
      INDArray x = Nd4j.create(DataType.FLOAT, end - i, TIME, FEATURES);
      float[] y = new float[end - i];
      for (int k = i; k < end; k++) {
        x.putSlice(k - i, Nd4j.create(data[k]));
        y[k - i] = k % 2;
      }
      xs.add(x);
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
