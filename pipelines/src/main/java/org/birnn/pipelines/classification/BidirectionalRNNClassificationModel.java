package org.birnn.pipelines.classification;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.HasTrainingSummary;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.models.Model;
import org.birnn.pipelines.sequence.NetworkScoring;
import org.birnn.pipelines.sequence.SequenceModelStore;
import org.birnn.pipelines.sequence.SequenceNetworks;
import org.birnn.pipelines.spark.SequenceFeatures;
import org.birnn.pipelines.spark.SparkLine;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.Batch;
import org.birnn.pipelines.training.SequenceExample;
import org.birnn.pipelines.training.TrainingSummary;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Option;

/**
 * A trained bidirectional recurrent classifier. {@code transform} scores each partition's rows (in
 * Spark's internal form, see {@link BatchScorer}): the network is read once per executor JVM and
 * rows are scored in minibatches of {@code batchSize}, in their order; each row gets {@code
 * prediction} (double), {@code probability} and {@code rawPrediction} (log-probabilities) vectors.
 * A streaming Dataset is refused: score each micro-batch in {@code foreachBatch}.
 */
public final class BidirectionalRNNClassificationModel
    extends ProbabilisticClassificationModel<Object, BidirectionalRNNClassificationModel>
    implements BidirectionalRNNClassifierParams, MLWritable, HasTrainingSummary<TrainingSummary> {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final BidirectionalRNNClassifierParamSet params;
  final transient Model network;
  final int numClasses;
  final SequenceFeatures.Kind kind;
  final int dim;
  private transient Option<TrainingSummary> trainingSummary = Option.empty();

  /**
   * The uid of the model being made, for the params MLlib's base classes create in their
   * constructors (they ask {@link #uid()} before this class's fields are set).
   */
  private static final ThreadLocal<String> CONSTRUCTING = new ThreadLocal<>();

  BidirectionalRNNClassificationModel(
      String uid,
      Model network,
      int numClasses,
      SequenceFeatures.Kind kind,
      int dim,
      TrainingSummary summary) {
    this(constructing(uid), network, numClasses, kind, dim, summary, true);
  }

  private BidirectionalRNNClassificationModel(
      String uid,
      Model network,
      int numClasses,
      SequenceFeatures.Kind kind,
      int dim,
      TrainingSummary summary,
      boolean marker) {
    CONSTRUCTING.remove();
    this.uid = uid;
    this.params = new BidirectionalRNNClassifierParamSet(this);
    params.setDefaults(this::setDefault);
    this.network = network;
    this.numClasses = numClasses;
    this.kind = kind;
    this.dim = dim;
    this.trainingSummary = Option.apply(summary);
  }

  /** Checks the running Spark and records the uid before MLlib's base classes make params. */
  private static String constructing(String uid) {
    SparkLine.requireSupported();
    CONSTRUCTING.set(uid);
    return uid;
  }

  @Override
  public String uid() {
    return uid != null ? uid : CONSTRUCTING.get();
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

  /**
   * The raw scores (log-probabilities {@code [numClasses]}) of one sequence: token ids as a {@code
   * Vector}, {@code int[]}, {@code long[]} or list of numbers, or, for a model trained on vectors,
   * a {@code Matrix} of steps x features. This is MLlib's per-row API, also what Spark Connect's
   * {@code predictRaw} and {@code predict} call; {@code transform} scores in minibatches.
   */
  @Override
  public Vector predictRaw(Object features) {
    SequenceExample e = SequenceFeatures.single(features, kind, dim, "predictRaw");
    INDArray x = Batch.features(List.of(e));
    float[] p = Nd4j.toFlattened(network().predict(List.of(x), 1).get(0)).toFloatVector();
    double[] raw = new double[p.length];
    for (int c = 0; c < p.length; c++) {
      raw[c] = Math.log(Math.max(p[c], 1e-30));
    }
    return Vectors.dense(raw);
  }

  /**
   * MLlib's own summary hook, declared by both classification base classes with generic tuple types
   * Java cannot tell apart; this model builds its summary during fit instead.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  /** Probabilities from raw scores: {@code exp} of the log-probabilities, in place. */
  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] v = ((DenseVector) rawPrediction).values();
    for (int c = 0; c < v.length; c++) {
      v[c] = Math.exp(v[c]);
    }
    return rawPrediction;
  }

  /**
   * An empty model (no network) for Spark Connect's {@code ServiceLoader}, which makes every
   * registered stage with this constructor; load or fit a model to score.
   */
  public BidirectionalRNNClassificationModel() {
    this(Identifiable.randomUID("biRnnClf"));
  }

  /** An empty model with the given uid (see the no-argument constructor). */
  public BidirectionalRNNClassificationModel(String uid) {
    this(uid, null, 0, SequenceFeatures.Kind.IDS, 0, null);
  }

  @Override
  public BidirectionalRNNClassifierParamSet paramSet() {
    return params;
  }

  /** Sets {@code featuresCol}. */
  public BidirectionalRNNClassificationModel setFeaturesCol(String v) {
    set(paramSet().featuresCol, v);
    return this;
  }

  /** Sets {@code predictionCol}. */
  public BidirectionalRNNClassificationModel setPredictionCol(String v) {
    set(paramSet().predictionCol, v);
    return this;
  }

  /** Sets {@code probabilityCol}. */
  public BidirectionalRNNClassificationModel setProbabilityCol(String v) {
    set(paramSet().probabilityCol, v);
    return this;
  }

  /** Sets {@code rawPredictionCol}. */
  public BidirectionalRNNClassificationModel setRawPredictionCol(String v) {
    set(paramSet().rawPredictionCol, v);
    return this;
  }

  /** Sets {@code encodingCol} ('' = not written). */
  public BidirectionalRNNClassificationModel setEncodingCol(String v) {
    set(paramSet().encodingCol, v);
    return this;
  }

  /** Sets {@code handleInvalid}. */
  public BidirectionalRNNClassificationModel setHandleInvalid(String v) {
    set(paramSet().handleInvalid, v);
    return this;
  }

  /** Sets {@code batchSize}. */
  public BidirectionalRNNClassificationModel setBatchSize(int v) {
    set(paramSet().batchSize, (Object) v);
    return this;
  }

  /** Sets {@code maxSequenceLength}. */
  public BidirectionalRNNClassificationModel setMaxSequenceLength(int v) {
    set(paramSet().maxSequenceLength, (Object) v);
    return this;
  }

  /** Number of classes. */
  @Override
  public int numClasses() {
    return numClasses;
  }

  /** The trained network (Keras-style model; its weights are the averaged ones). */
  public Model network() {
    if (network == null) {
      throw new IllegalStateException(
          "Model " + uid + " has no network: it was made empty; load or fit a model to score");
    }
    return network;
  }

  /**
   * The model's size in memory, for Spark Connect's model cache (Spark 4.1+ asks every cached
   * model): the network's float weights and optimizer state, 4 bytes each.
   */
  public long estimatedSize() {
    return NetworkScoring.estimatedSize(network);
  }

  /** The flat parameter vector of the network, as float. */
  public float[] flatParams() {
    return network().parameters().toFloatVector();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (isDefined(thresholds()) && getThresholds().length != numClasses) {
      throw new IllegalArgumentException(
          "Param thresholds has "
              + getThresholds().length
              + " values but the model has "
              + numClasses
              + " classes; give one threshold per class");
    }
    StructType out = params.validateAndTransform(schema, false);
    NetworkScoring.requireKind(schema, getFeaturesCol(), kind, dim);
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    if (dataset.isStreaming()) {
      throw new UnsupportedOperationException(
          "transform scores batch Datasets; for a streaming Dataset call it on each micro-batch"
              + " in foreachBatch");
    }
    String fcol = getFeaturesCol();
    Dataset<Row> in = dataset.toDF();
    BatchScorer.Settings settings =
        new BatchScorer.Settings(
            NetworkScoring.source(this, in, dim, network(), "a NaN prediction"),
            numClasses,
            isDefined(thresholds()) ? getThresholds() : null,
            !getEncodingCol().isEmpty());
    // Internal rows in and out: see BatchScorer for why. Spark turns the joined rows into its
    // binary form when the plan reads them.
    JavaRDD<InternalRow> scored =
        NetworkScoring.score(
            in,
            network(),
            uid,
            !getEncodingCol().isEmpty(),
            (rows, net) -> new BatchScorer(rows, net, settings));
    return SparkRows.toDataFrame(dataset.sparkSession(), scored, out);
  }

  @Override
  public BidirectionalRNNClassificationModel copy(ParamMap extra) {
    BidirectionalRNNClassificationModel m =
        new BidirectionalRNNClassificationModel(
            uid, network, numClasses, kind, dim, trainingSummary.getOrElse(() -> null));
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ClassificationModelStore.Writer(this);
  }

  /** A reader of saved models. */
  public static MLReader<BidirectionalRNNClassificationModel> read() {
    return new ClassificationModelStore.Reader();
  }

  /**
   * A fitted model around a network made elsewhere: a Keras 3 {@code .keras} archive (or a model
   * file of this library) at a Hadoop URI, whose output {@code [batch, classes]} is read as class
   * probabilities (a softmax head). Token-id input {@code [batch, time]} or steps {@code [batch,
   * time, features]} are taken from the network's input shape.
   *
   * @throws IllegalArgumentException when the file cannot be read or its shapes do not fit
   */
  public static BidirectionalRNNClassificationModel fromKeras(String path) {
    SequenceNetworks.Imported imported = SequenceNetworks.imported(path, "a classifier");
    Model network = imported.network();
    SequenceNetworks.InputKind in = imported.input();
    long[] out = network.outputs().get(0).shape();
    if (out.length != 2 || out[1] < 2) {
      throw new IllegalArgumentException(
          path
              + " outputs "
              + java.util.Arrays.toString(out)
              + "; a classifier needs class probabilities [batch, classes], 2 classes or more");
    }
    return new BidirectionalRNNClassificationModel(
        Identifiable.randomUID("biRnnClf"), network, (int) out[1], in.kind(), in.dim(), null);
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
  public static BidirectionalRNNClassificationModel load(String path) {
    return read().load(path);
  }
}
