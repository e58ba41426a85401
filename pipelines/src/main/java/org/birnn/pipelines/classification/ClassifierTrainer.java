package org.birnn.pipelines.classification;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.birnn.layers.Layer;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.core.Masking;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.models.EarlyStopping;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.regularization.Dropout;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.CellType;
import org.birnn.layers.rnn.MergeMode;
import org.birnn.layers.rnn.RNN;
import org.birnn.layers.rnn.RecurrentConfig;
import org.birnn.layers.utils.RandomSeeds;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.Batching;
import org.birnn.pipelines.training.CheckpointCallback;
import org.birnn.pipelines.training.ParameterAveraging;
import org.birnn.pipelines.training.SequenceExample;
import org.birnn.pipelines.training.TrainingCallback;
import org.birnn.pipelines.training.TrainingPlan;
import org.birnn.pipelines.training.TrainingSummary;
import org.birnn.pipelines.training.WorkerData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fit of {@link BidirectionalRNNClassifier}: validation, data preparation, network, training.
 */
final class ClassifierTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(BidirectionalRNNClassifier.class);
  private final BidirectionalRNNClassifier clf;

  ClassifierTrainer(BidirectionalRNNClassifier clf) {
    this.clf = clf;
  }

  BidirectionalRNNClassificationModel fit(Dataset<?> dataset) {
    clf.transformSchema(dataset.schema());
    TrainingLimits.checkLabelMetadata(clf, dataset.schema());
    String fcol = clf.getFeaturesCol();
    String lcol = clf.getLabelCol();
    SequenceFeatures.Kind kind =
        SequenceFeatures.kindOf(fcol, dataset.schema().apply(fcol).dataType());
    String mode = clf.getHandleInvalid();
    int maxLen = clf.getMaxSequenceLength();
    long seed = clf.getSeed();
    String config = clf.getModelConfig();
    Model configured = config.isEmpty() ? null : parseConfig(config);
    if (configured != null) {
      // The kind of input is known from the schema: check it before any Spark job runs.
      checkConfigured(configured, kind, -1, -1);
    }

    // Internal rows: the sequences are read from Spark's binary arrays, never boxed.
    Dataset<Row> selected = dataset.select(fcol, lcol);
    org.apache.spark.sql.types.DataType ftype = selected.schema().apply(0).dataType();
    org.apache.spark.sql.types.DataType ltype = selected.schema().apply(1).dataType();
    JavaRDD<InternalRow> rows = SparkRows.of(selected);
    int vocabParam = kind == SequenceFeatures.Kind.IDS ? clf.getVocabSize() : 0;
    boolean keep = "keep".equals(mode);
    JavaRDD<SequenceExample> examples =
        rows.flatMap(
            r -> {
              SequenceExample e;
              try {
                int label = SparkRows.label(r, 1, ltype, lcol);
                e = SparkRows.example(r, 0, ftype, maxLen, 0, label, fcol, vocabParam, keep);
              } catch (SparkRows.InvalidRowException bad) {
                if ("error".equals(mode)) {
                  throw new IllegalArgumentException(
                      bad.getMessage()
                          + "; set handleInvalid to 'skip' or 'keep' to leave such rows out of"
                          + " training"
                          + (keep ? "" : " ('keep' maps unseen token ids to id 1)"),
                      bad);
                }
                return java.util.Collections.emptyIterator();
              }
              if (e == null) {
                if ("error".equals(mode)) {
                  throw new IllegalArgumentException(
                      "Column '"
                          + fcol
                          + "' has a null or empty sequence;"
                          + " set handleInvalid to 'skip' (or 'keep') to drop such rows from training");
                }
                return java.util.Collections.emptyIterator();
              }
              return List.of(e).iterator();
            });
    // One pass for what the network needs from the data: classes, vocabulary, step size.
    long[] stats =
        examples
            .map(e -> new long[] {e.label(), maxId(e), e.dim(), 1, e.dim(), e.length()})
            .fold(
                new long[] {-1, -1, -1, 0, Long.MAX_VALUE, 0},
                (a, b) ->
                    new long[] {
                      Math.max(a[0], b[0]),
                      Math.max(a[1], b[1]),
                      Math.max(a[2], b[2]),
                      a[3] + b[3],
                      Math.min(a[4], b[4]),
                      Math.max(a[5], b[5])
                    });
    if (stats[3] == 0) {
      throw new IllegalArgumentException(
          "No training rows with a non-empty '" + fcol + "' sequence");
    }
    TrainingLimits.check(clf, fcol, lcol, stats[0] + 1, stats[4], stats[2], stats[5]);
    int numClasses = (int) stats[0] + 1;
    int dim = kind == SequenceFeatures.Kind.IDS ? 0 : (int) stats[2];
    // Ids at or above a given vocabSize were already failed, mapped or dropped as each row was
    // read (handleInvalid), so the largest id seen always fits.
    int vocab = clf.getVocabSize() > 0 ? clf.getVocabSize() : (int) stats[1] + 1;
    Model network =
        configured != null
            ? checkConfigured(configured, kind, dim, numClasses)
            : RandomSeeds.withSeed(seed, () -> network(kind, vocab, dim, numClasses));
    Optimizer opt = Optimizer.get(clf.getOptimizer(), clf.getStepSize());
    network.compile(Loss.get("sparse_categorical_crossentropy"), opt, List.of("accuracy"));

    int workers =
        clf.getNumWorkers() > 0 ? clf.getNumWorkers() : rows.context().defaultParallelism();
    double vf = clf.getValidationFraction();
    JavaRDD<SequenceExample>[] split = split(examples, vf, seed);
    JavaRDD<SequenceExample> train = split[0];
    JavaRDD<SequenceExample> val = split[1];
    int batch = clf.getBatchSize();
    JavaRDD<WorkerData> trainData = prepare(train, workers, batch);
    JavaRDD<WorkerData> valData = val == null ? null : prepare(val, workers, batch);
    TrainingPlan plan =
        new TrainingPlan(
            clf.getMaxIter(),
            clf.getAveragingFrequency(),
            clf.getAverageOptimizerState(),
            clf.getAggregationDepth(),
            seed);
    List<TrainingCallback> callbacks = new ArrayList<>();
    String dir = clf.getCheckpointDir();
    if (!dir.isEmpty()) {
      callbacks.add(
          new CheckpointCallback(
              dir,
              clf.getCheckpointInterval(),
              rows.context().hadoopConfiguration(),
              CheckpointCallback.Mismatch.of(clf.getCheckpointMismatch())));
    }
    if (valData != null) {
      callbacks.add(TrainingCallback.of(new EarlyStopping("val_loss", 0, clf.getPatience(), true)));
    }
    LOG.info(
        "Training {} on {} sequences ({} classes, {} workers, {} epochs, averaging every {} batches)",
        clf.uid(),
        stats[3],
        numClasses,
        workers,
        plan.epochs(),
        plan.frequency());
    TrainingSummary summary;
    try {
      summary = ParameterAveraging.train(trainData, valData, network, plan, callbacks);
    } finally {
      trainData.unpersist(false);
      if (valData != null) {
        valData.unpersist(false);
      }
    }
    BidirectionalRNNClassificationModel model =
        new BidirectionalRNNClassificationModel(clf.uid(), network, numClasses, kind, dim, summary);
    clf.copyParamsTo(model);
    return model.setParent(clf);
  }

  /**
   * {training, validation} rows, the validation ones chosen by a hash of their content and the seed
   * ({@code null} without validation).
   */
  @SuppressWarnings("unchecked")
  static JavaRDD<SequenceExample>[] split(
      JavaRDD<SequenceExample> examples, double fraction, long seed) {
    if (fraction <= 0) {
      return new JavaRDD[] {examples, null};
    }
    return new JavaRDD[] {
      examples.filter(e -> !e.inValidation(fraction, seed)),
      examples.filter(e -> e.inValidation(fraction, seed))
    };
  }

  private static long maxId(SequenceExample e) {
    if (e.dim() != 0) {
      return -1;
    }
    long m = -1;
    for (float f : e.values()) {
      if (f < 0 || f != Math.rint(f)) {
        throw new IllegalArgumentException("Token ids must be integers >= 0; received " + f);
      }
      m = Math.max(m, (long) f);
    }
    return m;
  }

  private static JavaRDD<WorkerData> prepare(
      JavaRDD<SequenceExample> examples, int workers, int batch) {
    // Partition once by a hash of each example's content and keep each partition as one object.
    // Content hashing (unlike round-robin repartition) is deterministic, so partitions lost with
    // an executor are recomputed exactly and Spark can retry the stage; and a round reads only
    // the batches it trains, so its cost does not grow with the data.
    return examples
        .mapToPair(e -> new scala.Tuple2<>(e.contentHash(), e))
        .partitionBy(new org.apache.spark.HashPartitioner(workers))
        .values()
        .mapPartitionsWithIndex(
            (idx, it) -> {
              List<SequenceExample> all = new ArrayList<>();
              it.forEachRemaining(all::add);
              return List.of(new WorkerData(idx, Batching.batches(all, batch))).iterator();
            },
            true)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private Model network(SequenceFeatures.Kind kind, int vocab, int dim, int numClasses) {
    Sequential s = new Sequential(null);
    List<Layer> layers = new ArrayList<>();
    if (kind == SequenceFeatures.Kind.IDS) {
      layers.add(Embedding.of(vocab, clf.getEmbeddingDim(), true));
    } else {
      layers.add(Masking.of(0.0));
    }
    int n = clf.getNumLayers();
    for (int k = 0; k < n; k++) {
      RecurrentConfig config =
          RecurrentConfig.builder(CellType.fromName(clf.getCellType()))
              .units(clf.getUnits())
              .returnSequences(k < n - 1)
              .build();
      layers.add(
          Bidirectional.builder(RNN.of(config))
              .mergeMode(MergeMode.fromKeras(clf.getMergeMode()))
              .build());
    }
    if (clf.getDropout() > 0) {
      layers.add(Dropout.of(clf.getDropout()));
    }
    layers.add(Dense.builder().units(numClasses).activation(Activation.SOFTMAX).build());
    Object[] items = new Object[layers.size() + 1];
    items[0] = kind == SequenceFeatures.Kind.IDS ? Input.shape(-1) : Input.shape(-1, dim);
    for (int k = 0; k < layers.size(); k++) {
      items[k + 1] = layers.get(k);
    }
    return Sequential.of(items);
  }

  private Model parseConfig(String json) {
    long seed = clf.getSeed();
    try {
      return RandomSeeds.withSeed(seed, () -> Model.fromJson(json));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Param modelConfig is not a readable Keras model: " + e.getMessage(), e);
    }
  }

  private static Model checkConfigured(
      Model m, SequenceFeatures.Kind kind, int dim, int numClasses) {
    long[] in = m.inputs().get(0).shape();
    boolean ids = kind == SequenceFeatures.Kind.IDS;
    boolean ok = ids ? in.length == 2 : in.length == 3 && (in[2] < 0 || dim < 0 || in[2] == dim);
    if (!ok) {
      throw new IllegalArgumentException(
          "Param modelConfig expects input shape "
              + java.util.Arrays.toString(in)
              + " but the features column holds "
              + (ids
                  ? "token ids, shape [batch, time]"
                  : "sequences of " + dim + " features, shape [batch, time, " + dim + "]"));
    }
    long[] out = m.outputs().get(0).shape();
    if (numClasses > 0 && (out.length != 2 || out[1] != numClasses)) {
      throw new IllegalArgumentException(
          "Param modelConfig outputs shape "
              + java.util.Arrays.toString(out)
              + " but the labels have "
              + numClasses
              + " classes; expected [batch, "
              + numClasses
              + "]");
    }
    return m;
  }
}
