package org.birnn.pipelines.sequence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.birnn.pipelines.param.SequenceModelParams;
import org.birnn.pipelines.spark.SequenceFeatures;
import org.birnn.pipelines.spark.SparkRows;
import org.birnn.pipelines.training.ExecutorModels;

/**
 * How a fitted sequence model's {@code transform} reaches its network on the executors: the saved
 * network is broadcast once per call, each executor JVM reads it once into its bounded cache
 * ({@link ExecutorModels}) under an identity fixed when the model was fitted or loaded, and each
 * partition's internal rows go through the stage's scorer.
 */
public final class NetworkScoring {
  private NetworkScoring() {}

  /** Scores one partition's internal rows with the executor's copy of the network. */
  @FunctionalInterface
  public interface PartitionScorer extends Serializable {
    /** The output rows, in the order of {@code rows}. */
    Iterator<InternalRow> score(Iterator<InternalRow> rows, Model network);
  }

  /**
   * The internal rows of {@code in}, each partition scored by {@code scorer}; with {@code
   * encodings}, the scorer's network has a second output, {@link #withEncoding}.
   */
  public static JavaRDD<InternalRow> score(
      Dataset<Row> in, Model network, String uid, boolean encodings, PartitionScorer scorer) {
    Broadcast<byte[]> bc =
        JavaSparkContext.fromSparkContext(in.sparkSession().sparkContext())
            .broadcast(bytes(network));
    // The identity of this network, fixed when it was fitted or loaded: the saved bytes embed
    // their write time, so a key made from them was new at every transform.
    String key = uid + "/" + networkId(network) + (encodings ? "/encoding" : "");
    return SparkRows.of(in)
        .mapPartitions(
            rows -> {
              ExecutorModels.Lease lease =
                  ExecutorModels.inference(
                      key,
                      () -> {
                        Model m = read(bc.value(), key);
                        return encodings ? withEncoding(m) : m;
                      });
              org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
              if (task != null) {
                task.addTaskCompletionListener(
                    (org.apache.spark.util.TaskCompletionListener) ctx -> lease.close());
              }
              return scorer.score(rows, lease.model());
            });
  }

  /**
   * {@code network} with a second output: the input of its last {@code Dense} layer (the vector the
   * output layer reads: {@code [batch, features]} for a sequence, {@code [batch, time, features]}
   * per step). The result shares {@code network}'s layers and takes over their weights, so {@code
   * network} must be a copy no one else uses.
   *
   * @throws IllegalArgumentException when the network has no {@code Dense} layer
   */
  public static Model withEncoding(Model network) {
    KerasTensor out = network.outputs().get(0);
    KerasTensor t = out;
    while (!(t.node().layer() instanceof Dense)) {
      if (t.node().inputs().isEmpty()) {
        throw new IllegalArgumentException(
            "encodingCol needs a network with a Dense output layer; "
                + network.name()
                + " has none");
      }
      t = t.node().inputs().get(0);
    }
    return Model.of(network.inputs(), List.of(out, t.node().inputs().get(0)));
  }

  /**
   * Where a fitted model's {@code transform} reads its features from {@code in}: its {@code
   * featuresCol}, {@code maxSequenceLength}, {@code handleInvalid} and {@code batchSize}, the step
   * width it was trained on and the vocabulary of its network.
   */
  public static RowBatch.Source source(
      SequenceModelParams model, Dataset<Row> in, int dim, Model network, String keptAs) {
    String fcol = model.getFeaturesCol();
    return new RowBatch.Source(
        in.schema().fieldIndex(fcol),
        in.schema().apply(fcol).dataType(),
        fcol,
        model.getMaxSequenceLength(),
        dim,
        vocab(network),
        model.getHandleInvalid(),
        model.getBatchSize(),
        keptAs);
  }

  /**
   * Checks that {@code in}'s features column holds the kind of sequences the model was trained on.
   *
   * @throws IllegalArgumentException naming the column, what it holds and what the model takes
   */
  public static void requireKind(
      StructType in, String col, SequenceFeatures.Kind trained, int dim) {
    SequenceFeatures.Kind k = SequenceFeatures.kindOf(col, in.apply(col).dataType());
    if ((k == SequenceFeatures.Kind.IDS) != (trained == SequenceFeatures.Kind.IDS)) {
      throw new IllegalArgumentException(
          "Column '"
              + col
              + "' holds "
              + (k == SequenceFeatures.Kind.IDS ? "token ids" : "vectors")
              + " but the model was trained on "
              + (trained == SequenceFeatures.Kind.IDS
                  ? "token ids"
                  : "vectors of " + dim + " features"));
    }
  }

  /** Networks' identities: one per network object (copies of a model share their network). */
  private static final Map<Model, String> NETWORK_IDS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** The identity of {@code network} in this JVM. */
  public static String networkId(Model network) {
    return NETWORK_IDS.computeIfAbsent(network, n -> java.util.UUID.randomUUID().toString());
  }

  /** {@code network} as a {@link ModelIO} file. */
  public static byte[] bytes(Model network) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      ModelIO.write(network, b);
      return b.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The network of a {@link ModelIO} file's bytes; {@code what} names it in errors. */
  public static Model read(byte[] bytes, String what) {
    try {
      return ModelIO.read(new java.io.ByteArrayInputStream(bytes), what);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Number of token ids the network embeds (its first {@code Embedding}'s {@code input_dim}), or 0
   * for a network without one: the bound {@code handleInvalid} checks ids against.
   */
  public static int vocab(Model network) {
    for (org.birnn.layers.Layer l : network.layers()) {
      if (l instanceof Embedding emb) {
        return emb.inputDim();
      }
    }
    return 0;
  }

  /** The model's size in memory: the network's float weights and optimizer state, 4 bytes each. */
  public static long estimatedSize(Model network) {
    if (network == null) {
      return 0;
    }
    long floats = network.parameters().length();
    if (network.isCompiled()) {
      floats += network.optimizerState().length();
    }
    return 4 * floats + 1024;
  }
}
