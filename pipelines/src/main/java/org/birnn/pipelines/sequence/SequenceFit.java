package org.birnn.pipelines.sequence;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.birnn.layers.models.EarlyStopping;
import org.birnn.layers.models.Model;
import org.birnn.layers.utils.RandomSeeds;
import org.birnn.pipelines.param.SequenceModelParams;
import org.birnn.pipelines.spark.SparkRows;
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
 * The distributed fit of a sequence stage, driven by its {@link SequenceModelParams}: rows read
 * under {@code handleInvalid}, counted and placed on their workers in one pass ({@link
 * TrainingRows}, a validation share split off by content), batched once into cached blocks, and the
 * parameter-averaging engine run with the stage's checkpoints and early stopping. The stage brings
 * only how a row becomes an example and which network to train.
 */
public final class SequenceFit {
  private static final Logger LOG = LoggerFactory.getLogger(SequenceFit.class);

  private SequenceFit() {}

  /** Reads one internal row (features at index 0, target at 1) as an example. */
  @FunctionalInterface
  public interface RowReader extends Serializable {
    /**
     * The example of {@code row}, or {@code null} for a null or empty sequence.
     *
     * @throws SparkRows.InvalidRowException for a row {@code handleInvalid} governs
     */
    SequenceExample read(InternalRow row);
  }

  /**
   * The training examples of {@code rows} under {@code handleInvalid}: 'error' fails naming the
   * column and value, 'skip' and 'keep' leave invalid rows out of training.
   */
  public static JavaRDD<SequenceExample> examples(
      JavaRDD<InternalRow> rows, String featuresCol, String handleInvalid, RowReader reader) {
    boolean error = "error".equals(handleInvalid);
    boolean keep = "keep".equals(handleInvalid);
    return rows.flatMap(
        r -> {
          SequenceExample e;
          try {
            e = reader.read(r);
          } catch (SparkRows.InvalidRowException bad) {
            if (error) {
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
            if (error) {
              throw new IllegalArgumentException(
                  "Column '"
                      + featuresCol
                      + "' has a null or empty sequence;"
                      + " set handleInvalid to 'skip' (or 'keep') to drop such rows from training");
            }
            return java.util.Collections.emptyIterator();
          }
          return List.of(e).iterator();
        });
  }

  /**
   * Reads {@code examples} once for a fit under the params (one Spark job): their statistics, and
   * the rows shuffled to the params' workers ({@code numWorkers}, or Spark's default parallelism)
   * and validation share.
   */
  public static TrainingRows read(JavaRDD<SequenceExample> examples, SequenceModelParams p) {
    int workers =
        p.getNumWorkers() > 0 ? p.getNumWorkers() : examples.context().defaultParallelism();
    return TrainingRows.read(examples, workers, p.getValidationFraction(), p.getSeed());
  }

  /**
   * Trains the compiled {@code network} on {@code rows} (its weights are updated in place) as the
   * params say, and returns the summary.
   *
   * @param rows the fit's rows, from {@link #read}
   * @param what a description for the log, such as "12000 sequences (5 classes)"
   */
  public static TrainingSummary train(
      TrainingRows rows, Model network, SequenceModelParams p, String what) {
    int workers = rows.stats().trainRows().length;
    long seed = p.getSeed();
    int batch = p.getBatchSize();
    JavaRDD<WorkerData> trainData = rows.trainingBlocks(batch);
    JavaRDD<WorkerData> valData = rows.validationBlocks(batch);
    TrainingPlan plan =
        new TrainingPlan(
            p.getMaxIter(),
            p.getAveragingFrequency(),
            p.getAverageOptimizerState(),
            p.getAggregationDepth(),
            seed);
    List<TrainingCallback> callbacks = new ArrayList<>();
    String dir = p.getCheckpointDir();
    if (!dir.isEmpty()) {
      callbacks.add(
          new CheckpointCallback(
              dir,
              p.getCheckpointInterval(),
              trainData.context().hadoopConfiguration(),
              CheckpointCallback.Mismatch.of(p.getCheckpointMismatch())));
    }
    if (valData != null) {
      callbacks.add(TrainingCallback.of(new EarlyStopping("val_loss", 0, p.getPatience(), true)));
    }
    LOG.info(
        "Training {} on {} ({} workers, {} epochs, averaging every {} batches)",
        p.uid(),
        what,
        workers,
        plan.epochs(),
        plan.frequency());
    try {
      return ParameterAveraging.train(trainData, valData, network, plan, callbacks);
    } finally {
      trainData.unpersist(false);
      if (valData != null) {
        valData.unpersist(false);
      }
    }
  }

  /**
   * The network the params give instead of the architecture params: {@code initialModel} (read from
   * its Hadoop URI, weights included) or {@code modelConfig}; {@code null} for neither.
   *
   * @throws IllegalArgumentException when both are set, or the file cannot be read, naming it
   */
  public static Model configuredNetwork(
      SequenceModelParams p, org.apache.hadoop.conf.Configuration hadoop) {
    String initial = p.getInitialModel();
    if (!initial.isEmpty() && !p.getModelConfig().isEmpty()) {
      throw new IllegalArgumentException(
          "Params initialModel and modelConfig are both set; give one: initialModel brings its"
              + " own architecture");
    }
    if (!initial.isEmpty()) {
      return readNetwork(initial, hadoop, "Param initialModel");
    }
    return p.getModelConfig().isEmpty() ? null : parseConfig(p);
  }

  /**
   * A network from a Hadoop URI: a Keras 3 {@code .keras} archive or a model file of this library
   * ({@code ModelIO} tells them apart by content).
   *
   * @param what what names the path in errors
   */
  public static Model readNetwork(
      String uri, org.apache.hadoop.conf.Configuration hadoop, String what) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    try (java.io.InputStream in = path.getFileSystem(hadoop).open(path)) {
      return org.birnn.layers.models.ModelIO.read(in, uri);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(what + ": cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code network} to a Hadoop URI (with the active session's Hadoop configuration) as a
   * Keras 3 {@code .keras} archive, replacing a file there, for {@code keras.saving.load_model}.
   *
   * @throws IllegalArgumentException when the network has a layer Keras lacks (such as a CRF)
   * @throws java.io.UncheckedIOException when the file cannot be written
   */
  public static void writeKeras(Model network, String uri) {
    org.apache.hadoop.conf.Configuration hadoop =
        org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    try (java.io.OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
      org.birnn.layers.models.ModelIO.writeKeras(network, out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  /** The network of param {@code modelConfig}, built under the seed. */
  public static Model parseConfig(SequenceModelParams p) {
    String json = p.getModelConfig();
    try {
      return RandomSeeds.withSeed(p.getSeed(), () -> Model.fromJson(json));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Param modelConfig is not a readable Keras model: " + e.getMessage(), e);
    }
  }
}
