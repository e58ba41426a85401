package org.birnn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.classification.BidirectionalRNNClassifier;
import org.birnn.pipelines.text.TokenIndexer;
import scala.Tuple2;

/**
 * The README's main job: predicts the Debian section of a package from its one-line description
 * with a {@code RegexTokenizer -> TokenIndexer -> BidirectionalRNNClassifier} pipeline on Spark,
 * next to a TF-IDF + {@code LogisticRegression} baseline trained in the same run; then saves,
 * reloads and scores a few example texts.
 *
 * <p>Arguments: {@code --master URL} (default {@code local[*]}), {@code --data PATH} (CSV, JSON
 * lines or Parquet with {@code --text-col} and {@code --label-col}, default {@code text}/{@code
 * label}), {@code --sections N} (keep the N most frequent sections, default 8), {@code
 * --per-section N} (rows per section, default 600), {@code --full} (every row), {@code --epochs N}
 * (default 6), {@code --output DIR} (where the model is saved).
 */
public final class TextClassificationJob {
  private TextClassificationJob() {}

  /** Entry point; exits with status 2 and a one-line reason when there is no data to use. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    if (!a.containsKey("data") && PackageIndex.read() == null) {
      System.err.println(
          "No text data: this machine has neither `apt-cache dumpavail` nor"
              + " /var/lib/dpkg/status. Pass --data PATH (CSV, JSON lines or Parquet with text and label"
              + " columns).");
      System.exit(2);
    }
    SparkSession spark = session(a, "birnn-spark text classification");
    try {
      run(spark, a);
    } finally {
      spark.stop();
    }
  }

  /**
   * The session of an example job: {@code --master} wins; under spark-submit its master is already
   * set; else local on every core. An embedded (local) run stays on loopback.
   */
  static SparkSession session(Map<String, String> a, String appName) {
    String master = a.getOrDefault("master", System.getProperty("spark.master", "local[*]"));
    SparkSession.Builder builder = SparkSession.builder().appName(appName).master(master);
    if (master.startsWith("local")) {
      builder
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    return builder
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  static void run(SparkSession spark, Map<String, String> a) throws Exception {
    Dataset<Row> data = load(spark, a);
    int sections = Integer.parseInt(a.getOrDefault("sections", "8"));
    List<Row> counts =
        data.groupBy("label")
            .count()
            .orderBy(functions.desc("count"), functions.asc("label"))
            .limit(sections)
            .collectAsList();
    List<String> keep = new ArrayList<>();
    counts.forEach(r -> keep.add(r.getString(0)));
    data = data.filter(functions.col("label").isin(keep.toArray()));
    if (!a.containsKey("full")) {
      int per = Integer.parseInt(a.getOrDefault("per-section", "600"));
      Map<Object, Double> fractions = new HashMap<>();
      for (Row r : counts) {
        fractions.put(r.getString(0), Math.min(1.0, per / (double) r.getLong(1)));
      }
      data = data.stat().sampleBy("label", fractions, 42L);
    }
    data = data.cache();
    System.out.printf("Classes (%d most frequent sections): %s%n", keep.size(), keep);
    Dataset<Row>[] split = data.randomSplit(new double[] {0.8, 0.2}, 42L);
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    System.out.printf(
        "Rows used: %d (train %d, test %d)%n", data.count(), train.count(), test.count());

    StringIndexerModel labels =
        new StringIndexer().setInputCol("label").setOutputCol("y").fit(train);
    RegexTokenizer tokenizer =
        new RegexTokenizer()
            .setInputCol("text")
            .setOutputCol("tokens")
            .setPattern("[^\\p{L}\\p{N}+#.-]+")
            .setMinTokenLength(1);
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "6"));
    BidirectionalRNNClassifier clf =
        new BidirectionalRNNClassifier()
            .setFeaturesCol("ids")
            .setLabelCol("y")
            .setMaxIter(epochs)
            .setSeed(42);
    Pipeline rnn =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  labels,
                  tokenizer,
                  new TokenIndexer()
                      .setInputCol("tokens")
                      .setOutputCol("ids")
                      .setVocabSize(20000)
                      .setMinCount(2),
                  clf,
                  new IndexToString()
                      .setInputCol("prediction")
                      .setOutputCol("section")
                      .setLabels(labels.labelsArray()[0])
                });
    long t0 = System.nanoTime();
    PipelineModel rnnModel = rnn.fit(train);
    double rnnSeconds = (System.nanoTime() - t0) / 1e9;
    Pipeline baseline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  labels,
                  tokenizer,
                  new HashingTF().setInputCol("tokens").setOutputCol("tf").setNumFeatures(1 << 16),
                  new IDF().setInputCol("tf").setOutputCol("features"),
                  new LogisticRegression().setLabelCol("y").setMaxIter(100).setRegParam(1e-3)
                });
    t0 = System.nanoTime();
    PipelineModel baseModel = baseline.fit(train);
    double baseSeconds = (System.nanoTime() - t0) / 1e9;

    double[] rnnScores = scores(rnnModel.transform(test));
    double[] baseScores = scores(baseModel.transform(test));
    System.out.println();
    System.out.printf(
        "%-46s %9s %9s %9s%n", "model (held-out test split)", "accuracy", "macro F1", "fit s");
    System.out.printf(
        "%-46s %9.4f %9.4f %9.1f%n",
        "Bidirectional(LSTM) on token ids", rnnScores[0], rnnScores[1], rnnSeconds);
    System.out.printf(
        "%-46s %9.4f %9.4f %9.1f%n",
        "baseline: TF-IDF + LogisticRegression", baseScores[0], baseScores[1], baseSeconds);
    System.out.printf("%-46s %9.4f%n", "majority class", majority(test));

    Path out =
        a.containsKey("output")
            ? Path.of(a.get("output"))
            : Files.createTempDirectory("birnn-model");
    String path = out.resolve("pipeline").toString();
    rnnModel.write().overwrite().save(path);
    PipelineModel reloaded = PipelineModel.load(path);
    System.out.println();
    System.out.println("Saved to " + path + " and reloaded; scoring examples:");
    List<Row> examples =
        List.of(
            RowFactory.create("Python bindings for the GTK toolkit", "?"),
            RowFactory.create("shared library for reading JPEG images", "?"),
            RowFactory.create("command-line tool to download files over HTTP", "?"),
            RowFactory.create("Perl module to parse YAML documents", "?"));
    StructType schema =
        new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType);
    Dataset<Row> scored =
        reloaded.transform(
            spark
                .createDataFrame(examples, schema)
                .withColumn("label", functions.lit(keep.get(0))));
    for (Row r : scored.select("text", "section").collectAsList()) {
      System.out.printf("  %-50s -> %s%n", r.getString(0), r.getString(1));
    }
  }

  /** {accuracy, macro F1} of a scored test set. */
  static double[] scores(Dataset<Row> scored) {
    MulticlassMetrics m =
        new MulticlassMetrics(
            scored
                .select("prediction", "y")
                .toJavaRDD()
                .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1)))
                .rdd());
    double f1 = 0;
    double[] labels = m.labels();
    for (double l : labels) {
      f1 += m.fMeasure(l);
    }
    return new double[] {m.accuracy(), f1 / labels.length};
  }

  private static double majority(Dataset<Row> test) {
    List<Row> c =
        test.groupBy("label").count().orderBy(functions.desc("count")).limit(1).collectAsList();
    return c.isEmpty() ? 0 : c.get(0).getLong(1) / (double) test.count();
  }

  private static Dataset<Row> load(SparkSession spark, Map<String, String> a) throws Exception {
    if (a.containsKey("data")) {
      String p = a.get("data");
      Dataset<Row> raw =
          p.endsWith(".parquet")
              ? spark.read().parquet(p)
              : p.endsWith(".csv")
                  ? spark.read().option("header", "true").csv(p)
                  : spark.read().json(p);
      Dataset<Row> df =
          raw.select(
                  functions.col(a.getOrDefault("text-col", "text")).cast("string").as("text"),
                  functions.col(a.getOrDefault("label-col", "label")).cast("string").as("label"))
              .na()
              .drop();
      System.out.printf("Data: %s (%d rows)%n", p, df.count());
      return df;
    }
    PackageIndex.Source source = PackageIndex.read();
    if (source == null) {
      throw new IllegalStateException(
          "No text data: this machine has neither `apt-cache dumpavail` nor"
              + " /var/lib/dpkg/status. Pass --data PATH (CSV, JSON lines or Parquet with text and label columns).");
    }
    System.out.printf(
        "Data: Debian package descriptions from %s (%d packages)%n",
        source.name(), source.entries().size());
    List<Row> rows = new ArrayList<>();
    for (PackageIndex.Entry e : source.entries()) {
      rows.add(RowFactory.create(e.description(), e.section()));
    }
    rows.sort(Comparator.comparing((Row r) -> r.getString(0)));
    StructType schema =
        new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  static Map<String, String> parse(String[] args) {
    return parse(args, java.util.Set.of("full"));
  }

  /** {@code --key value} options, and {@code flags} given alone (as {@code "true"}). */
  static Map<String, String> parse(String[] args, java.util.Set<String> flags) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String k = args[i];
      if (!k.startsWith("--")) {
        throw new IllegalArgumentException(
            "Unexpected argument '" + k + "'; options start with --");
      }
      String key = k.substring(2);
      if (flags.contains(key)) {
        m.put(key, "true");
      } else if (i + 1 < args.length) {
        m.put(key, args[++i]);
      } else {
        throw new IllegalArgumentException("Option " + k + " needs a value");
      }
    }
    return m;
  }
}
