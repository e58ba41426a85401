package org.birnn.pipelines.tagging;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.param.SequenceModelParamSet;
import org.birnn.pipelines.param.shared.HasLabelCol;
import org.birnn.pipelines.param.shared.HasPredictionCol;
import org.birnn.pipelines.persist.ParamsReader;
import org.birnn.pipelines.persist.ParamsWriter;

/**
 * Evaluates per-token predictions against per-token labels, both {@code array<string>} or {@code
 * array<int>} columns with one tag per token (the tagger's output has no padding, so every token
 * counts). {@code metricName}:
 *
 * <ul>
 *   <li>{@code accuracy} (default): correct tokens over all tokens;
 *   <li>{@code f1}: token F1 per tag weighted by the tag's share of the true tokens (MLlib's {@code
 *       MulticlassClassificationEvaluator} "f1"); {@code macroF1}: its unweighted mean over the
 *       tags in labels or predictions;
 *   <li>{@code spanF1}, {@code spanPrecision}, {@code spanRecall}: entities of BIO / IOB / IOBES
 *       tags ({@code B-PER}, {@code I-PER}, {@code O}, ...) matched exactly (start, end and type),
 *       as the CoNLL evaluation script counts them.
 * </ul>
 *
 * All are larger-is-better. A row whose two arrays differ in length, or has a null array or tag,
 * fails the evaluation naming the row's lengths or the column.
 */
public final class SequenceTaggingEvaluator extends Evaluator
    implements HasLabelCol, HasPredictionCol, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String[] METRICS = {
    "accuracy", "f1", "macroF1", "spanF1", "spanPrecision", "spanRecall"
  };

  private final String uid;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> metricName;

  /** An evaluator with a random uid and default params. */
  public SequenceTaggingEvaluator() {
    this(Identifiable.randomUID("seqTagEval"));
  }

  /** An evaluator with the given uid (used by the reader). */
  public SequenceTaggingEvaluator(String uid) {
    this.uid = uid;
    labelCol =
        new Param<>(
            this, "labelCol", "label column: one tag per token, array<string> or array<int>");
    predictionCol =
        new Param<>(this, "predictionCol", "prediction column: one tag per token, as the labels");
    metricName =
        new Param<>(
            this,
            "metricName",
            "metric: " + String.join(", ", METRICS),
            ParamValidators.inArray(METRICS));
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(metricName, "accuracy");
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<String> labelCol() {
    return labelCol;
  }

  @Override
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** {@code metricName} (default "accuracy"). */
  public Param<String> metricName() {
    return metricName;
  }

  /** The value of {@code metricName} or its default. */
  public String getMetricName() {
    return getOrDefault(metricName);
  }

  /** Sets {@code labelCol}. */
  public SequenceTaggingEvaluator setLabelCol(String v) {
    set(labelCol, v);
    return this;
  }

  /** Sets {@code predictionCol}. */
  public SequenceTaggingEvaluator setPredictionCol(String v) {
    set(predictionCol, v);
    return this;
  }

  /** Sets {@code metricName}. */
  public SequenceTaggingEvaluator setMetricName(String v) {
    set(metricName, v);
    return this;
  }

  @Override
  public double evaluate(Dataset<?> dataset) {
    TagCounts c = counts(dataset, getMetricName().startsWith("span"));
    return switch (getMetricName()) {
      case "accuracy" -> c.accuracy();
      case "f1" -> c.weightedF1();
      case "macroF1" -> c.macroF1();
      case "spanF1" -> c.spanF1();
      case "spanPrecision" -> c.spanPrecision();
      default -> c.spanRecall();
    };
  }

  /**
   * The token F1 of each tag found in the labels or predictions, by tag name (for integer tags,
   * their decimal form), in name order: a per-tag breakdown as MLlib's {@code MulticlassMetrics}
   * gives one per label.
   */
  public java.util.SortedMap<String, Double> f1ByTag(Dataset<?> dataset) {
    java.util.SortedMap<String, Double> out = new java.util.TreeMap<>();
    counts(dataset, false).perTag.forEach((tag, c) -> out.put(tag, TagCounts.f1(c)));
    return out;
  }

  /** One pass over {@code dataset}: every count the metrics are made from. */
  TagCounts counts(Dataset<?> dataset, boolean spans) {
    String label = getLabelCol();
    String prediction = getPredictionCol();
    StructType schema = dataset.schema();
    SequenceModelParamSet.requireColumn(schema, label);
    SequenceModelParamSet.requireColumn(schema, prediction);
    checkTags(label, schema.apply(label).dataType());
    checkTags(prediction, schema.apply(prediction).dataType());
    return dataset
        .select(label, prediction)
        .toJavaRDD()
        .treeAggregate(
            new TagCounts(),
            (acc, row) ->
                acc.add(
                    tags(row, 0, label), tags(row, 1, prediction), spans, row, label, prediction),
            TagCounts::merge,
            2);
  }

  private static void checkTags(String col, DataType t) {
    BidirectionalRNNTaggerParamSet.namedTags(col, t); // names the column and its type otherwise
  }

  /** The tags of one row as strings; null arrays and tags are errors naming the column. */
  private static List<String> tags(Row row, int i, String col) {
    if (row.isNullAt(i)) {
      throw new IllegalArgumentException("Column '" + col + "' has a null tag array");
    }
    List<Object> values = row.getList(i);
    List<String> out = new ArrayList<>(values.size());
    for (int t = 0; t < values.size(); t++) {
      Object v = values.get(t);
      if (v == null) {
        throw new IllegalArgumentException("Column '" + col + "' has a null tag at token " + t);
      }
      out.add(v.toString());
    }
    return out;
  }

  @Override
  public boolean isLargerBetter() {
    return true;
  }

  @Override
  public SequenceTaggingEvaluator copy(ParamMap extra) {
    return (SequenceTaggingEvaluator) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new ParamsWriter(this);
  }

  /** A reader of saved evaluators. */
  public static MLReader<SequenceTaggingEvaluator> read() {
    return new ParamsReader<>(SequenceTaggingEvaluator.class);
  }

  /** Loads a saved evaluator. */
  public static SequenceTaggingEvaluator load(String path) {
    return read().load(path);
  }
}
