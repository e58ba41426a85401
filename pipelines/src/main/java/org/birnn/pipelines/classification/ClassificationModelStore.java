package org.birnn.pipelines.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.birnn.layers.saving.FormatHeader;
import org.birnn.layers.saving.config.KerasJson;
import org.birnn.pipelines.spark.SparkMlPersistence;

/**
 * How a {@link BidirectionalRNNClassificationModel} is saved and loaded: Spark's stage metadata,
 * the network in {@code data/network.birnn} (a {@link ModelIO} file) and {@code data/info.json}
 * (classes, input kind and width, with a CRC-32), written to a hidden sibling and renamed into
 * place so that a save is all or nothing.
 */
final class ClassificationModelStore {
  /** The format of {@code data/info.json} (the network is in {@code data/network.birnn}). */
  static final String DATA_FORMAT = "birnn-classifier-data";

  static final int DATA_VERSION = 1;

  /** {@code info.json} as 0.1.0 wrote it, without a header. */
  private static final FormatHeader LEGACY_DATA = new FormatHeader(DATA_FORMAT, 1, "0.1.0");

  private ClassificationModelStore() {}

  static final class Writer extends MLWriter {
    private final BidirectionalRNNClassificationModel model;

    Writer(BidirectionalRNNClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      // Everything goes to a hidden sibling first and is renamed into place, so a failed or
      // killed save never leaves a directory that looks like a model.
      Path target = new Path(path);
      Path tmp =
          new Path(
              target.getParent(),
              "." + target.getName() + ".saving-" + java.util.UUID.randomUUID());
      Path data = new Path(tmp, "data");
      try {
        FileSystem fs = target.getFileSystem(sc().hadoopConfiguration());
        try {
          SparkMlPersistence.saveMetadata(model, tmp.toString(), sc());
          try (OutputStream out = fs.create(new Path(data, "network.birnn"))) {
            ModelIO.write(model.network, out);
          }
          try (OutputStream out = fs.create(new Path(data, "info.json"))) {
            ObjectNode info = FormatHeader.current(DATA_FORMAT, DATA_VERSION).toJson();
            info.put("numClasses", model.numClasses);
            info.put("kind", model.kind.name());
            info.put("dim", model.dim);
            info.put("crc32", crc32(info));
            out.write(KerasJson.write(info).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
          if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
          }
        } finally {
          if (fs.exists(tmp)) {
            fs.delete(tmp, true);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Saving the model to " + path + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** CRC-32 of {@code info}'s JSON without its {@code crc32} field, in hex. */
  private static String crc32(ObjectNode info) {
    ObjectNode copy = info.deepCopy();
    copy.remove("crc32");
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(KerasJson.write(copy).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  static final class Reader extends MLReader<BidirectionalRNNClassificationModel> {
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
        JsonNode info;
        try (InputStream in = fs.open(new Path(data, "info.json"))) {
          info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
        FormatHeader.read(
            info, DATA_FORMAT, DATA_VERSION, new Path(data, "info.json").toString(), LEGACY_DATA);
        // Files before the checksum have none; a present one must match.
        if (info.has("crc32") && !info.get("crc32").asText().equals(crc32((ObjectNode) info))) {
          throw new IOException(
              new Path(data, "info.json")
                  + " is damaged: its checksum does not match its contents");
        }
        SparkMlPersistence.Metadata meta = SparkMlPersistence.loadMetadata(path, sc(), cls);
        BidirectionalRNNClassificationModel m =
            new BidirectionalRNNClassificationModel(
                meta.uid(),
                network,
                info.get("numClasses").asInt(),
                SequenceFeatures.Kind.valueOf(info.get("kind").asText()),
                info.get("dim").asInt(),
                null);
        meta.applyTo(m);
        return m;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Loading the model at " + path + " failed: " + e.getMessage(), e);
      }
    }
  }
}
