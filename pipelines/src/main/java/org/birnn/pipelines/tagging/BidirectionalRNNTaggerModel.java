package org.birnn.pipelines.tagging;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.HasTrainingSummary;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.crf.CRF;
import org.birnn.layers.models.Model;
import org.birnn.pipelines.sequence.NetworkScoring;
import org.birnn.pipelines.sequence.SequenceModelStore;
import org.birnn.pipelines.sequence.SequenceNetworks;
import org.birnn.pipelines.spark.SequenceFeatures;
import org.birnn.pipelines.spark.SparkLine;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.TrainingSummary;
import scala.Option;

/**
 * A trained bidirectional recurrent tagger. {@code transform} tags each partition's rows in
 * minibatches of {@code batchSize}, in their order (the network is read once per executor JVM):
 * {@code predictionCol} gets one tag per step of the sequence, {@code array<string>} for a model
 * fitted on tag names or {@code array<int>} for one fitted on indices, and {@code probabilityCol}
 * (when set) the per-step tag probabilities {@code array<vector>} (a CRF's per-step marginals). A
 * streaming Dataset is refused: tag each micro-batch in {@code foreachBatch}.
 */
public final class BidirectionalRNNTaggerModel
    extends org.apache.spark.ml.Model<BidirectionalRNNTaggerModel>
    implements BidirectionalRNNTaggerParams, MLWritable, HasTrainingSummary<TrainingSummary> {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final BidirectionalRNNTaggerParamSet params;
  final transient Model network;
  final String[] tagNames;
  final int numTags;
  final SequenceFeatures.Kind kind;
  final int dim;
  private transient Option<TrainingSummary> trainingSummary = Option.empty();

  BidirectionalRNNTaggerModel(
      String uid,
      Model network,
      String[] tagNames,
      int numTags,
      SequenceFeatures.Kind kind,
      int dim,
      TrainingSummary summary) {
    SparkLine.requireSupported();
    this.uid = uid;
    this.params = new BidirectionalRNNTaggerParamSet(this);
    params.setDefaults(this::setDefault);
    this.network = network;
    this.tagNames = tagNames == null ? null : tagNames.clone();
    this.numTags = numTags;
    this.kind = kind;
    this.dim = dim;
    this.trainingSummary = Option.apply(summary);
  }

  /**
   * An empty model (no network) for Spark Connect's {@code ServiceLoader}, which makes every
   * registered stage with this constructor; load or fit a model to tag.
   */
  public BidirectionalRNNTaggerModel() {
    this(Identifiable.randomUID("biRnnTagger"));
  }

  /** An empty model with the given uid (see the no-argument constructor). */
  public BidirectionalRNNTaggerModel(String uid) {
    this(uid, null, null, 0, SequenceFeatures.Kind.IDS, 0, null);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public BidirectionalRNNTaggerParamSet paramSet() {
    return params;
  }

  @Override
  public Option<TrainingSummary> trainingSummary() {
    return trainingSummary;
  }

  @Override
  public void trainingSummary_$eq(Option<TrainingSummary> summary) {
    this.trainingSummary = summary;
  }

  /**
   * Saves the training summary under {@code path} (Spark Connect's model cache saves and reloads
   * models with their summaries; Spark 4.1+).
   */
  public void saveSummary(String path) {
    if (hasSummary()) {
      SequenceModelStore.saveSummary(summary(), path);
    }
  }

  /** Reads back what {@link #saveSummary} wrote (none there: no summary). */
  public void loadSummary(String path, Dataset<Row> dataset) {
    TrainingSummary s = SequenceModelStore.loadSummary(path);
    if (s != null) {
      setSummary(Option.apply(s));
    }
  }

  /** Sets {@code featuresCol}. */
  public BidirectionalRNNTaggerModel setFeaturesCol(String v) {
    set(paramSet().featuresCol, v);
    return this;
  }

  /** Sets {@code predictionCol}. */
  public BidirectionalRNNTaggerModel setPredictionCol(String v) {
    set(paramSet().predictionCol, v);
    return this;
  }

  /** Sets {@code probabilityCol} ('' = not written). */
  public BidirectionalRNNTaggerModel setProbabilityCol(String v) {
    set(paramSet().probabilityCol, v);
    return this;
  }

  /** Sets {@code encodingCol} ('' = not written). */
  public BidirectionalRNNTaggerModel setEncodingCol(String v) {
    set(paramSet().encodingCol, v);
    return this;
  }

  /** Sets {@code handleInvalid}. */
  public BidirectionalRNNTaggerModel setHandleInvalid(String v) {
    set(paramSet().handleInvalid, v);
    return this;
  }

  /** Sets {@code batchSize}. */
  public BidirectionalRNNTaggerModel setBatchSize(int v) {
    set(paramSet().batchSize, (Object) v);
    return this;
  }

  /** Sets {@code maxSequenceLength}. */
  public BidirectionalRNNTaggerModel setMaxSequenceLength(int v) {
    set(paramSet().maxSequenceLength, (Object) v);
    return this;
  }

  /** The tag names, most frequent in training first, or {@code null} for tag indices. */
  public String[] tags() {
    return tagNames == null ? null : tagNames.clone();
  }

  /** Number of tags. */
  public int numTags() {
    return numTags;
  }

  /** Whether the network ends in a linear-chain CRF. */
  public boolean hasCrf() {
    return network().outputLayer() instanceof CRF;
  }

  /** The trained network (Keras-style model; its weights are the averaged ones). */
  public Model network() {
    if (network == null) {
      throw new IllegalStateException(
          "Model " + uid + " has no network: it was made empty; load or fit a model to tag");
    }
    return network;
  }

  /** The model's size in memory, for Spark Connect's model cache. */
  public long estimatedSize() {
    return NetworkScoring.estimatedSize(network);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructType out = params.validateAndTransform(schema, false, tagNames != null);
    NetworkScoring.requireKind(schema, getFeaturesCol(), kind, dim);
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    if (dataset.isStreaming()) {
      throw new UnsupportedOperationException(
          "transform tags batch Datasets; for a streaming Dataset call it on each micro-batch"
              + " in foreachBatch");
    }
    String fcol = getFeaturesCol();
    Dataset<Row> in = dataset.toDF();
    TagScorer.Settings settings =
        new TagScorer.Settings(
            NetworkScoring.source(this, in, dim, network(), "a null prediction"),
            tagNames,
            !getProbabilityCol().isEmpty(),
            !getEncodingCol().isEmpty());
    JavaRDD<InternalRow> tagged =
        NetworkScoring.score(
            in,
            network(),
            uid,
            !getEncodingCol().isEmpty(),
            (rows, net) -> new TagScorer(rows, net, settings));
    return SparkRows.toDataFrame(dataset.sparkSession(), tagged, out);
  }

  /**
   * Tags {@code dataset} and measures the tags against its {@code labelCol} (one tag per token,
   * names for a model fitted on names, indices for one fitted on indices), as MLlib models' {@code
   * evaluate} does: token {@code accuracy}, weighted {@code f1} and {@code macroF1}.
   *
   * @throws IllegalArgumentException naming the column, step and tag, when a label is a tag the
   *     model does not know or a row's labels are not as many as its tokens
   */
  public java.util.Map<String, Double> evaluate(Dataset<?> dataset) {
    String lcol = getLabelCol();
    String fcol = getFeaturesCol();
    org.birnn.pipelines.param.SequenceModelParamSet.requireColumn(dataset.schema(), lcol);
    org.apache.spark.sql.types.DataType ltype = dataset.schema().apply(lcol).dataType();
    boolean named = BidirectionalRNNTaggerParamSet.namedTags(lcol, ltype);
    if (named != (tagNames != null)) {
      throw new IllegalArgumentException(
          "Column '"
              + lcol
              + "' holds tag "
              + (named ? "names" : "indices")
              + " but the model was fitted on tag "
              + (tagNames != null ? "names" : "indices"));
    }
    // Every label is checked against the model's tags before any metric is computed; rows
    // without a sequence are handleInvalid's (transform fails, drops or keeps them untagged).
    TagColumns labels = new TagColumns(lcol, ltype, tagNames, numTags);
    SparkRows.of(dataset.select(fcol, lcol))
        .foreach(
            r -> {
              if (!r.isNullAt(0) && r.getArray(0).numElements() > 0) {
                labels.read(r, 1, 0, fcol, r.getArray(0).numElements());
              }
            });
    Dataset<Row> scored = transform(dataset).where(functions.col(getPredictionCol()).isNotNull());
    int maxLength = getMaxSequenceLength();
    if (maxLength > 0) {
      // Tokens past maxSequenceLength are not tagged; they are not counted either.
      scored = scored.withColumn(lcol, functions.slice(functions.col(lcol), 1, maxLength));
    }
    // One pass for the three metrics: each evaluate() would run the network again.
    TagCounts c =
        new SequenceTaggingEvaluator()
            .setLabelCol(lcol)
            .setPredictionCol(getPredictionCol())
            .counts(scored, false);
    java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
    out.put("accuracy", c.accuracy());
    out.put("f1", c.weightedF1());
    out.put("macroF1", c.macroF1());
    return out;
  }

  @Override
  public BidirectionalRNNTaggerModel copy(ParamMap extra) {
    BidirectionalRNNTaggerModel m =
        new BidirectionalRNNTaggerModel(
            uid, network, tagNames, numTags, kind, dim, trainingSummary.getOrElse(() -> null));
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new TaggerModelStore.Writer(this);
  }

  /** A reader of saved models. */
  public static MLReader<BidirectionalRNNTaggerModel> read() {
    return new TaggerModelStore.Reader();
  }

  /**
   * A fitted tagger around a network made elsewhere: a Keras 3 {@code .keras} archive (or a model
   * file of this library) at a Hadoop URI, whose output {@code [batch, time, tags]} is read as
   * per-token tag probabilities (or, for a network ending in a CRF, tag scores).
   *
   * @param tags the tag names in the network's output order, or {@code null} to predict indices
   * @throws IllegalArgumentException when the file cannot be read or its shapes do not fit
   */
  public static BidirectionalRNNTaggerModel fromKeras(String path, String[] tags) {
    SequenceNetworks.Imported imported = SequenceNetworks.imported(path, "a tagger");
    Model network = imported.network();
    SequenceNetworks.InputKind in = imported.input();
    long[] out = network.outputs().get(0).shape();
    if (out.length != 3 || (tags != null && out[2] != tags.length)) {
      throw new IllegalArgumentException(
          path
              + " outputs "
              + java.util.Arrays.toString(out)
              + "; a tagger needs one score per tag and token, [batch, time, "
              + (tags == null ? "tags" : tags.length)
              + "]");
    }
    return new BidirectionalRNNTaggerModel(
        Identifiable.randomUID("biRnnTagger"),
        network,
        tags,
        (int) out[2],
        in.kind(),
        in.dim(),
        null);
  }

  /**
   * Writes the trained network as a Keras 3 {@code .keras} archive at a Hadoop URI, which {@code
   * keras.saving.load_model} loads and predicts with as this model scores (on the token ids or
   * steps this model's features encode to). The label mapping is not in the archive.
   *
   * @throws IllegalArgumentException when the network has a layer Keras lacks (a CRF head)
   */
  public void saveKeras(String path) {
    org.birnn.pipelines.sequence.SequenceFit.writeKeras(network(), path);
  }

  /** Loads a saved model. */
  public static BidirectionalRNNTaggerModel load(String path) {
    return read().load(path);
  }
}
