package org.birnn.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.classification.BidirectionalRNNClassificationModel;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;

/** Small Spark applications the integration tests run in their own JVMs. */
public final class ItApps {
  private ItApps() {}

  /** {@code score PATH}, {@code fault}, or {@code checkpoint DIR EPOCHS}. */
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "score" -> score(args[1]);
      case "fault" -> fault();
      case "checkpoint" -> checkpoint(args[1], Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException("unknown app " + args[0]);
    }
  }

  static SparkSession session(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("birnn-it")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.extraJavaOptions", String.join(" ", Processes.opens()))
        .getOrCreate();
  }

  /** Loads a saved PipelineModel and scores texts: proves it loads in another JVM. */
  static void score(String path) {
    SparkSession spark = session("local[1]");
    PipelineModel m = PipelineModel.load(path);
    StructType schema =
        new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType);
    Dataset<Row> df =
        spark.createDataFrame(
            List.of(
                RowFactory.create("python module for bindings", "python"),
                RowFactory.create("arcade puzzle game", "python")),
            schema);
    for (Row r : m.transform(df).select("text", "section").collectAsList()) {
      System.out.println("SCORED " + r.getString(0) + " -> " + r.getString(1));
    }
    spark.stop();
  }

  static Dataset<Row> ids(SparkSession spark, int n, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(2);
      int len = 3 + r.nextInt(6);
      int[] v = new int[len];
      for (int t = 0; t < len; t++) {
        v[t] = 1 + r.nextInt(9);
      }
      v[r.nextInt(len)] = 10 + c;
      rows.add(RowFactory.create(v, (double) c));
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("label", DataTypes.DoubleType));
  }

  /** Fits on local-cluster[2,1,1024] and kills one executor JVM in the middle of the fit. */
  static void fault() {
    SparkSession spark = session("local-cluster[2,1,1024]");
    Dataset<Row> data = ids(spark, 400, 1).cache();
    data.count();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              private int jobs;

              @Override
              public void onJobEnd(SparkListenerJobEnd end) {
                if (++jobs == 6) {
                  ProcessHandle.current()
                      .descendants()
                      .filter(
                          p ->
                              p.info()
                                  .commandLine()
                                  .orElse("")
                                  .contains("CoarseGrainedExecutorBackend"))
                      .findFirst()
                      .ifPresent(
                          p -> {
                            System.out.println("KILLED_EXECUTOR pid " + p.pid());
                            p.destroyForcibly();
                          });
                }
              }
            });
    BidirectionalRNNClassificationModel m =
        new BidirectionalRNNClassifier()
            .setUnits(8)
            .setEmbeddingDim(8)
            .setMaxIter(4)
            .setBatchSize(16)
            .setNumWorkers(2)
            .setSeed(1)
            .fit(data);
    double acc =
        new MulticlassClassificationEvaluator()
            .setMetricName("accuracy")
            .evaluate(m.transform(data));
    System.out.println("FIT_OK accuracy=" + acc);
    spark.stop();
  }

  /** A long fit with checkpoints after every round; prints where it resumed from. */
  static void checkpoint(String dir, int epochs) {
    SparkSession spark = session("local[2]");
    BidirectionalRNNClassificationModel m =
        new BidirectionalRNNClassifier()
            .setUnits(8)
            .setEmbeddingDim(8)
            .setMaxIter(epochs)
            .setBatchSize(8)
            .setNumWorkers(2)
            .setAveragingFrequency(1)
            .setSeed(2)
            .setCheckpointDir(dir)
            .setCheckpointInterval(1)
            .fit(ids(spark, 200, 2));
    System.out.println(
        "RESUMED_FROM="
            + m.summary().resumedFromRound()
            + " ROUNDS_RUN="
            + m.summary().roundsRun());
    spark.stop();
  }
}
