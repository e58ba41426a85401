package org.birnn.pipelines.sequence;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.birnn.layers.models.EarlyStopping;
import org.birnn.layers.models.Model;
import org.birnn.layers.utils.RandomSeeds;
import org.birnn.pipelines.param.SequenceModelParams;
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
 * The distributed fit of a sequence stage, driven by its {@link SequenceModelParams}: rows read
 * under {@code handleInvalid}, a validation share split off by content, the data partitioned and
 * batched once, and the parameter-averaging engine run with the stage's checkpoints and early
 * stopping. The stage brings only how a row becomes an example and which network to train.
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
   * The statistics of {@code examples} for the params' workers ({@code numWorkers}, or Spark's
   * default parallelism) and validation split, with one Spark job.
   */
  public static DataStats stats(JavaRDD<SequenceExample> examples, SequenceModelParams p) {
    int workers =
        p.getNumWorkers() > 0 ? p.getNumWorkers() : examples.context().defaultParallelism();
    return DataStats.of(examples, workers, p.getValidationFraction(), p.getSeed());
  }

  /**
   * Trains the compiled {@code network} on {@code examples} (its weights are updated in place) as
   * the params say, and returns the summary.
   *
   * @param stats the examples' {@link #stats}
   * @param what a description for the log, such as "12000 sequences (5 classes)"
   */
  public static TrainingSummary train(
      JavaRDD<SequenceExample> examples,
      DataStats stats,
      Model network,
      SequenceModelParams p,
      String what) {
    int workers = stats.trainRows().length;
    long seed = p.getSeed();
    JavaRDD<SequenceExample>[] split = split(examples, p.getValidationFraction(), seed);
    int batch = p.getBatchSize();
    JavaRDD<WorkerData> trainData = prepare(split[0], stats.trainRows(), batch);
    JavaRDD<WorkerData> valData =
        split[1] == null ? null : prepare(split[1], stats.validationRows(), batch);
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
              examples.context().hadoopConfiguration(),
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
   * {training, validation} rows, the validation ones chosen by a hash of their content and the seed
   * ({@code null} without validation).
   */
  @SuppressWarnings("unchecked")
  public static JavaRDD<SequenceExample>[] split(
      JavaRDD<SequenceExample> examples, double fraction, long seed) {
    if (fraction <= 0) {
      return new JavaRDD[] {examples, null};
    }
    return new JavaRDD[] {
      examples.filter(e -> !e.inValidation(fraction, seed)),
      examples.filter(e -> e.inValidation(fraction, seed))
    };
  }

  /**
   * Batches per block of training rows (see {@link org.birnn.pipelines.training.BlockSchedule}):
   * 1024 by default, {@code -Dbirnn.blockBatches=N} on the driver to change it. At the default, a
   * block of 32 rows per batch holds 32,768 rows, tens of MiB for sequences of a few hundred
   * tokens: well under Spark's block limits, and all of a worker's data in one block until it
   * outgrows that.
   */
  static int blockBatches() {
    return Math.max(1, Integer.getInteger("birnn.blockBatches", 1024));
  }

  /**
   * @param rows the number of {@code examples} per worker, from {@link DataStats}
   */
  private static JavaRDD<WorkerData> prepare(
      JavaRDD<SequenceExample> examples, long[] rows, int batch) {
    int workers = rows.length;
    // Each row goes to a worker by a hash of its content, and within the worker's data to one of
    // its blocks by another hash of it: deterministic (unlike round-robin repartition), so blocks
    // lost with an executor are recomputed exactly and Spark can retry the stage. Each block is
    // one partition, cached on its own (spilled to disk under memory pressure): an executor
    // builds, holds and reads one block at a time, never a whole worker's rows.
    long rowsPerBlock = (long) blockBatches() * batch;
    int[] first = new int[workers + 1];
    int[] blocks = new int[workers];
    for (int w = 0; w < workers; w++) {
      long n = rows[w];
      blocks[w] = (int) Math.max(1, (n + rowsPerBlock - 1) / rowsPerBlock);
      first[w + 1] = first[w] + blocks[w];
    }
    int[] workerOfBlock = new int[first[workers]];
    for (int w = 0; w < workers; w++) {
      java.util.Arrays.fill(workerOfBlock, first[w], first[w + 1], w);
    }
    return examples
        .mapToPair(e -> new scala.Tuple2<>(blockOf(e.contentHash(), workers, first, blocks), e))
        .partitionBy(new BlockPartitioner(first[workers]))
        .values()
        .mapPartitionsWithIndex(
            (idx, it) -> {
              List<SequenceExample> all = new ArrayList<>();
              it.forEachRemaining(all::add);
              return List.of(new WorkerData(idx, workerOfBlock[idx], Batching.batches(all, batch)))
                  .iterator();
            },
            true)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * The worker of a row: where a {@code HashPartitioner} of that many partitions places its content
   * hash (an {@code int}, its own {@code hashCode}), as earlier versions placed it.
   */
  static int workerOf(int contentHash, int workers) {
    return Math.floorMod(contentHash, workers);
  }

  /** The block (partition) of a row: its worker's first block, plus one of its blocks by hash. */
  static int blockOf(int contentHash, int workers, int[] first, int[] blocks) {
    int w = workerOf(contentHash, workers);
    return blocks[w] == 1
        ? first[w]
        : first[w] + Math.floorMod(Long.hashCode(Batching.mix(contentHash)), blocks[w]);
  }

  /** Partitions by the block index the key already is. */
  static final class BlockPartitioner extends org.apache.spark.Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    BlockPartitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlockPartitioner b && b.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
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
