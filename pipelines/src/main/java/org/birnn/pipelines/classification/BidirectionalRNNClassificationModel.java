package org.birnn.pipelines.classification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.birnn.pipelines.persist.SparkMlPersistence;
import org.birnn.pipelines.training.ExecutorModels;
import org.birnn.pipelines.training.SequenceExample;
import org.birnn.pipelines.training.TrainingSummary;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained bidirectional recurrent classifier. {@code transform} scores in {@code mapPartitions}:
 * the network is read once per executor JVM and rows are scored in minibatches of {@code
 * batchSize}, in their order; each row gets {@code prediction} (double), {@code probability} and
 * {@code rawPrediction} (log-probabilities) vectors.
 */
public final class BidirectionalRNNClassificationModel
    extends org.apache.spark.ml.Model<BidirectionalRNNClassificationModel>
    implements ClassifierColumns, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final ColumnParams columns;
  private final transient Model network;
  private final int numClasses;
  private final SequenceFeatures.Kind kind;
  private final int dim;
  private final transient TrainingSummary summary;

  BidirectionalRNNClassificationModel(
      String uid,
      Model network,
      int numClasses,
      SequenceFeatures.Kind kind,
      int dim,
      TrainingSummary summary) {
    this.uid = uid;
    this.columns = new ColumnParams(this);
    columns.setDefaults((p, v) -> setDefault(p, v));
    this.network = network;
    this.numClasses = numClasses;
    this.kind = kind;
    this.dim = dim;
    this.summary = summary;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ColumnParams columns() {
    return columns;
  }

  /** Sets {@code featuresCol}. */
  public BidirectionalRNNClassificationModel setFeaturesCol(String v) {
    set(columns.featuresCol, v);
    return this;
  }

  /** Sets {@code predictionCol}. */
  public BidirectionalRNNClassificationModel setPredictionCol(String v) {
    set(columns.predictionCol, v);
    return this;
  }

  /** Sets {@code handleInvalid}. */
  public BidirectionalRNNClassificationModel setHandleInvalid(String v) {
    set(columns.handleInvalid, v);
    return this;
  }

  /** Sets {@code batchSize}. */
  public BidirectionalRNNClassificationModel setBatchSize(int v) {
    set(columns.batchSize, v);
    return this;
  }

  /** Number of classes. */
  public int numClasses() {
    return numClasses;
  }

  /** The trained network (Keras-style model; its weights are the averaged ones). */
  public Model network() {
    return network;
  }

  /** The flat parameter vector of the network, as float. */
  public float[] flatParams() {
    return network.parameters().toFloatVector();
  }

  /** What fit measured, or {@code null} for a loaded model. */
  public TrainingSummary summary() {
    return summary;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructType out = columns.validateAndTransform(schema, false);
    String f = columns.get(columns.featuresCol);
    SequenceFeatures.Kind k = SequenceFeatures.kindOf(f, schema.apply(f).dataType());
    if ((k == SequenceFeatures.Kind.IDS) != (kind == SequenceFeatures.Kind.IDS)) {
      throw new IllegalArgumentException(
          "Column '"
              + f
              + "' holds "
              + (k == SequenceFeatures.Kind.IDS ? "token ids" : "vectors")
              + " but the model was trained on "
              + (kind == SequenceFeatures.Kind.IDS
                  ? "token ids"
                  : "vectors of " + dim + " features"));
    }
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    byte[] bytes = bytes(network);
    Broadcast<byte[]> bc =
        JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(bytes);
    String key = uid + "/" + java.util.Arrays.hashCode(bytes) + "/" + bytes.length;
    int fIdx = dataset.schema().fieldIndex(columns.get(columns.featuresCol));
    String fcol = columns.get(columns.featuresCol);
    String mode = columns.get(columns.handleInvalid);
    int batch = columns.getInt(columns.batchSize);
    int maxLen = columns.getInt(columns.maxSequenceLength);
    SequenceFeatures.Kind k = kind;
    int d = dim;
    int classes = numClasses;
    return dataset
        .toDF()
        .mapPartitions(
            (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>)
                rows -> {
                  Model m = ExecutorModels.inference(key, () -> read(bc.value(), key));
                  return new Scorer(rows, m, fIdx, fcol, k, d, maxLen, mode, batch, classes);
                },
            Encoders.row(out));
  }

  /** Scores the rows of one partition in minibatches, keeping their order. */
  private static final class Scorer implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final Model model;
    private final int fIdx;
    private final String fcol;
    private final SequenceFeatures.Kind kind;
    private final int dim;
    private final int maxLen;
    private final String mode;
    private final int batch;
    private final int classes;
    private final java.util.ArrayDeque<Row> ready = new java.util.ArrayDeque<>();

    Scorer(
        Iterator<Row> rows,
        Model model,
        int fIdx,
        String fcol,
        SequenceFeatures.Kind kind,
        int dim,
        int maxLen,
        String mode,
        int batch,
        int classes) {
      this.rows = rows;
      this.model = model;
      this.fIdx = fIdx;
      this.fcol = fcol;
      this.kind = kind;
      this.dim = dim;
      this.maxLen = maxLen;
      this.mode = mode;
      this.batch = batch;
      this.classes = classes;
    }

    @Override
    public boolean hasNext() {
      if (ready.isEmpty()) {
        fill();
      }
      return !ready.isEmpty();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return ready.poll();
    }

    private void fill() {
      List<Row> chunk = new ArrayList<>();
      List<SequenceExample> valid = new ArrayList<>();
      List<Integer> at = new ArrayList<>();
      while (rows.hasNext() && valid.size() < batch) {
        Row r = rows.next();
        SequenceExample e = SequenceFeatures.example(r, fIdx, kind, maxLen, dim, 0, fcol);
        if (e == null) {
          if ("error".equals(mode)) {
            throw new IllegalArgumentException(
                "Column '"
                    + fcol
                    + "' has a null or empty sequence;"
                    + " set handleInvalid to 'skip' or 'keep'");
          }
          if ("skip".equals(mode)) {
            continue;
          }
        } else {
          at.add(chunk.size());
          valid.add(e);
        }
        chunk.add(r);
      }
      INDArray probs =
          valid.isEmpty()
              ? null
              : model.predict(org.birnn.pipelines.training.Batch.of(valid).features());
      int v = 0;
      for (int i = 0; i < chunk.size(); i++) {
        Row r = chunk.get(i);
        Object[] values = new Object[r.length() + 3];
        for (int c = 0; c < r.length(); c++) {
          values[c] = r.get(c);
        }
        if (v < at.size() && at.get(v) == i) {
          double[] p = probs.getRow(v).toDoubleVector();
          double[] raw = new double[classes];
          int best = 0;
          for (int c = 0; c < classes; c++) {
            raw[c] = Math.log(Math.max(p[c], 1e-30));
            if (p[c] > p[best]) {
              best = c;
            }
          }
          values[r.length()] = Vectors.dense(raw);
          values[r.length() + 1] = Vectors.dense(p);
          values[r.length() + 2] = (double) best;
          v++;
        } else {
          values[r.length() + 2] = Double.NaN;
        }
        ready.add(RowFactory.create(values));
      }
    }
  }

  static byte[] bytes(Model network) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      ModelIO.write(network, b);
      return b.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Model read(byte[] bytes, String what) {
    try {
      return ModelIO.read(new java.io.ByteArrayInputStream(bytes), what);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public BidirectionalRNNClassificationModel copy(ParamMap extra) {
    BidirectionalRNNClassificationModel m =
        new BidirectionalRNNClassificationModel(uid, network, numClasses, kind, dim, summary);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** A reader of saved models. */
  public static MLReader<BidirectionalRNNClassificationModel> read() {
    return new Reader();
  }

  /** Loads a saved model. */
  public static BidirectionalRNNClassificationModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final BidirectionalRNNClassificationModel model;

    Writer(BidirectionalRNNClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkMlPersistence.saveMetadata(model, path, sc());
      Path data = new Path(path, "data");
      try {
        FileSystem fs = data.getFileSystem(sc().hadoopConfiguration());
        try (OutputStream out = fs.create(new Path(data, "network.birnn"))) {
          ModelIO.write(model.network, out);
        }
        try (OutputStream out = fs.create(new Path(data, "info.json"))) {
          out.write(
              String.format(
                      "{\"numClasses\":%d,\"kind\":\"%s\",\"dim\":%d}",
                      model.numClasses, model.kind.name(), model.dim)
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Saving the network to " + data + " failed: " + e.getMessage(), e);
      }
    }
  }

  private static final class Reader extends MLReader<BidirectionalRNNClassificationModel> {
    @Override
    public BidirectionalRNNClassificationModel load(String path) {
      String cls = BidirectionalRNNClassificationModel.class.getName();
      Path data = new Path(path, "data");
      try {
        FileSystem fs = data.getFileSystem(sc().hadoopConfiguration());
        Model network;
        try (InputStream in = fs.open(new Path(data, "network.birnn"))) {
          network = ModelIO.read(in, new Path(data, "network.birnn").toString());
        }
        com.fasterxml.jackson.databind.JsonNode info;
        try (InputStream in = fs.open(new Path(data, "info.json"))) {
          info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
        BidirectionalRNNClassificationModel m =
            new BidirectionalRNNClassificationModel(
                SparkMlPersistence.uid(path, sc(), cls),
                network,
                info.get("numClasses").asInt(),
                SequenceFeatures.Kind.valueOf(info.get("kind").asText()),
                info.get("dim").asInt(),
                null);
        SparkMlPersistence.loadMetadataInto(m, path, sc(), cls);
        return m;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Loading the model at " + path + " failed: " + e.getMessage(), e);
      }
    }
  }
}
