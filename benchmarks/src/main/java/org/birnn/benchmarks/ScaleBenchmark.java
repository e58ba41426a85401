package org.birnn.benchmarks;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;

/**
 * Data at scale: one epoch of the classifier's default network on {@code --rows} generated rows of
 * token ids (lengths 5 to {@code --max-length}, vocabulary 20,000, four classes), generated on the
 * executors from the row number (never on the driver), on {@code local[2]} in this JVM's heap
 * ({@code -Dbench.xmx=2g} for 2 GB). Reports rows per second of the fit, the training blocks, and
 * the resident memory of the process sampled every two seconds through the fit ({@code VmRSS}: at
 * each tenth of the fit, and its peak {@code VmHWM}), so memory that grows with the rows read shows
 * as a rising series. Run it at two sizes to see the cost per row stay flat.
 *
 * <pre>
 * mvn -B -q -f benchmarks exec:exec -Dbench.main=ScaleBenchmark -Dbench.xmx=2g \
 *     -Dbench.args="--rows 1000000"
 * </pre>
 */
public final class ScaleBenchmark {
  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = Stats.args(args);
    long rows = Long.parseLong(a.getOrDefault("rows", "100000"));
    int maxLength = Integer.parseInt(a.getOrDefault("max-length", "60"));
    int partitions = Integer.parseInt(a.getOrDefault("partitions", "8"));
    SparkSession spark = SparkBenchmark.localSession("birnn-spark scale benchmark");
    try {
      Dataset<Row> data =
          spark
              .range(0, rows, 1, partitions)
              .selectExpr(
                  "transform(sequence(1, 5 + cast(pmod(hash(id, 1), "
                      + (maxLength - 4)
                      + ") as int)),"
                      + " t -> 1 + cast(pmod(hash(id, t), 19999) as int)) as ids",
                  "cast(pmod(hash(id, 2), 4) as double) as label");
      BidirectionalRNNClassifier clf =
          new BidirectionalRNNClassifier()
              .setFeaturesCol("ids")
              .setVocabSize(20000)
              .setMaxIter(1)
              .setNumWorkers(2);
      Quietness q = Quietness.now();
      java.util.List<Long> resident = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.ScheduledExecutorService sampler =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> resident.add(MemoryRun.rssBytes()), 0, 2, java.util.concurrent.TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      BidirectionalRNNClassificationModel model = clf.fit(data);
      double seconds = (System.nanoTime() - t0) / 1e9;
      sampler.shutdownNow();
      System.out.printf(
          "ScaleBenchmark: %d rows, lengths 5-%d, %d input partitions, heap %d MiB%n",
          rows, maxLength, partitions, Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(
          "  fit (one epoch): %.1f s, %.0f rows/s; %d rounds; other processes' CPU share %.1f%%%n",
          seconds,
          rows / seconds,
          model.trainingSummary().get().roundsRun(),
          100 * Quietness.othersShare(q));
      System.out.printf(
          "  peak resident memory (VmHWM): %d MiB; resident memory (VmRSS) at each tenth of the"
              + " fit, MiB: %s%n",
          MemoryRun.peakRssBytes() >> 20, tenths(resident));
    } finally {
      spark.stop();
    }
  }

  /** The samples (bytes) at 0%, 10%, ..., 100% of the series, in MiB. */
  private static String tenths(java.util.List<Long> bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i <= 10 && !bytes.isEmpty(); i++) {
      long v = bytes.get(Math.min(bytes.size() - 1, i * (bytes.size() - 1) / 10));
      sb.append(i == 0 ? "" : " ").append(v >> 20);
    }
    return sb.toString();
  }
}
