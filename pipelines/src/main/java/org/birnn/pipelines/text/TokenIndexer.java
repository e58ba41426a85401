package org.birnn.pipelines.text;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.persist.ParamsReader;
import org.birnn.pipelines.persist.ParamsWriter;
import org.birnn.pipelines.spark.SparkLine;
import scala.Tuple2;

/**
 * Learns a vocabulary from a column of tokens ({@code array<string>}) and maps tokens to ids
 * ({@code array<int>}): id 0 is padding, id 1 is out-of-vocabulary, and the {@code vocabSize - 2}
 * most frequent tokens seen at least {@code minCount} times get ids 2, 3, ... (ties broken by the
 * token, so the result is deterministic).
 *
 * <pre>{@code
 * TokenIndexer indexer = new TokenIndexer().setInputCol("tokens").setOutputCol("ids").setVocabSize(20000);
 * }</pre>
 */
public final class TokenIndexer extends Estimator<TokenIndexerModel>
    implements TokenIndexerParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final TokenIndexerParamSet columns;
  private final IntParam vocabSize;
  private final IntParam minCount;

  /** A new indexer with a random uid. */
  public TokenIndexer() {
    this(Identifiable.randomUID("tokenIndexer"));
  }

  /** A new indexer with the given uid (used by the reader). */
  public TokenIndexer(String uid) {
    SparkLine.requireSupported();
    this.uid = uid;
    this.columns = new TokenIndexerParamSet(this);
    this.vocabSize =
        new IntParam(
            this,
            "vocabSize",
            "ids in the vocabulary including padding (0) and out-of-vocabulary (1), (>= 3)",
            ParamValidators.gtEq(3));
    this.minCount =
        new IntParam(
            this,
            "minCount",
            "minimum number of occurrences of a kept token (>= 1)",
            ParamValidators.gtEq(1));
    columns.setDefaults((p, v) -> setDefault(p, v));
    setDefault(vocabSize, 20000);
    setDefault(minCount, 1);
  }

  @Override
  public TokenIndexerParamSet paramSet() {
    return columns;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Vocabulary size including the padding and out-of-vocabulary ids (default 20000). */
  public IntParam vocabSize() {
    return vocabSize;
  }

  /** Minimum count of a kept token (default 1). */
  public IntParam minCount() {
    return minCount;
  }

  /** The vocabulary size. */
  public int getVocabSize() {
    return (Integer) getOrDefault(vocabSize);
  }

  /** The minimum count. */
  public int getMinCount() {
    return (Integer) getOrDefault(minCount);
  }

  /** Sets {@link #inputCol()}. */
  public TokenIndexer setInputCol(String v) {
    set(columns.inputCol, v);
    return this;
  }

  /** Sets {@link #outputCol()}. */
  public TokenIndexer setOutputCol(String v) {
    set(columns.outputCol, v);
    return this;
  }

  /** Sets {@link #handleInvalid()}. */
  public TokenIndexer setHandleInvalid(String v) {
    set(columns.handleInvalid, v);
    return this;
  }

  /** Sets {@link #vocabSize()}. */
  public TokenIndexer setVocabSize(int v) {
    set(vocabSize, v);
    return this;
  }

  /** Sets {@link #minCount()}. */
  public TokenIndexer setMinCount(int v) {
    set(minCount, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return TokenIndexerModel.outputSchema(schema, getInputCol(), getOutputCol());
  }

  @Override
  public TokenIndexerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String col = getInputCol();
    String mode = getHandleInvalid();
    int min = getMinCount();
    JavaPairRDD<String, Long> counts =
        dataset
            .select(col)
            .toJavaRDD()
            .flatMap(
                (Row r) -> {
                  if (r.isNullAt(0)) {
                    if ("error".equals(mode)) {
                      throw new IllegalArgumentException(
                          "Column '"
                              + col
                              + "' has a null row; set handleInvalid to 'skip' or 'keep'");
                    }
                    return java.util.Collections.emptyIterator();
                  }
                  List<String> tokens = r.getList(0);
                  List<String> kept = new ArrayList<>();
                  for (String t : tokens) {
                    if (t != null) {
                      kept.add(t);
                    }
                  }
                  return kept.iterator();
                })
            .mapToPair(t -> new Tuple2<>(t, 1L))
            .reduceByKey(Long::sum)
            .filter(p -> p._2() >= min);
    // Most frequent first; ties by token so every run gives the same ids.
    List<Tuple2<String, Long>> top = counts.takeOrdered(getVocabSize() - 2, new TokenOrder());
    String[] vocab = new String[top.size()];
    for (int i = 0; i < vocab.length; i++) {
      vocab[i] = top.get(i)._1();
    }
    return copyValues(new TokenIndexerModel(uid, vocab), ParamMap.empty()).setParent(this);
  }

  /** Orders (token, count) pairs by descending count, then token. */
  static final class TokenOrder
      implements java.util.Comparator<Tuple2<String, Long>>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, Long> a, Tuple2<String, Long> b) {
      int c = Long.compare(b._2(), a._2());
      return c != 0 ? c : a._1().compareTo(b._1());
    }
  }

  @Override
  public TokenIndexer copy(ParamMap extra) {
    return (TokenIndexer) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new ParamsWriter(this);
  }

  /** A reader of saved indexers. */
  public static MLReader<TokenIndexer> read() {
    return new ParamsReader<>(TokenIndexer.class);
  }

  /** Loads a saved indexer. */
  public static TokenIndexer load(String path) {
    return read().load(path);
  }
}
