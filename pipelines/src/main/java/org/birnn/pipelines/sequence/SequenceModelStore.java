package org.birnn.pipelines.sequence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.SparkSession;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.birnn.layers.saving.FormatHeader;
import org.birnn.layers.saving.config.KerasJson;
import org.birnn.pipelines.spark.SparkMlPersistence;
import org.birnn.pipelines.training.TrainingSummary;

/**
 * How a fitted sequence model is saved and loaded: Spark's stage metadata, the network in {@code
 * data/network.birnn} (a {@link ModelIO} file) and the stage's own facts in {@code data/info.json}
 * (with a CRC-32), written to a hidden sibling and renamed into place so that a save is all or
 * nothing.
 */
public final class SequenceModelStore {
  private SequenceModelStore() {}

  /** What {@link #load} reads back. */
  public record Loaded(SparkMlPersistence.Metadata metadata, Model network, JsonNode info) {}

  /**
   * Saves {@code stage} with {@code network} under {@code path}; {@code info} adds the stage's
   * facts to {@code info.json}, whose header names {@code format} and {@code version}.
   */
  public static void save(
      SparkContext sc,
      Params stage,
      Model network,
      String format,
      int version,
      Consumer<ObjectNode> info,
      String path) {
    // Everything goes to a hidden sibling first and is renamed into place, so a failed or killed
    // save never leaves a directory that looks like a model.
    Path target = new Path(path);
    Path tmp =
        new Path(
            target.getParent(), "." + target.getName() + ".saving-" + java.util.UUID.randomUUID());
    Path data = new Path(tmp, "data");
    try {
      FileSystem fs = target.getFileSystem(sc.hadoopConfiguration());
      try {
        SparkMlPersistence.saveMetadata(stage, tmp.toString(), sc);
        try (OutputStream out = fs.create(new Path(data, "network.birnn"))) {
          ModelIO.write(network, out);
        }
        try (OutputStream out = fs.create(new Path(data, "info.json"))) {
          ObjectNode node = FormatHeader.current(format, version).toJson();
          info.accept(node);
          node.put("crc32", crc32(node));
          out.write(KerasJson.write(node).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

  /**
   * Loads what {@link #save} wrote for a stage of class {@code cls}.
   *
   * @param legacy the header of {@code info.json} files written before it had one, or {@code null}
   */
  public static Loaded load(
      SparkContext sc, String path, String cls, String format, int version, FormatHeader legacy) {
    Path data = new Path(path, "data");
    try {
      FileSystem fs = data.getFileSystem(sc.hadoopConfiguration());
      Model network;
      try (InputStream in = fs.open(new Path(data, "network.birnn"))) {
        network = ModelIO.read(in, new Path(data, "network.birnn").toString());
      }
      JsonNode info;
      try (InputStream in = fs.open(new Path(data, "info.json"))) {
        info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      }
      String infoPath = new Path(data, "info.json").toString();
      FormatHeader.read(info, format, version, infoPath, legacy);
      // Files before the checksum have none; a present one must match.
      if (info.has("crc32") && !info.get("crc32").asText().equals(crc32((ObjectNode) info))) {
        throw new IOException(infoPath + " is damaged: its checksum does not match its contents");
      }
      return new Loaded(SparkMlPersistence.loadMetadata(path, sc, cls), network, info);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Loading the model at " + path + " failed: " + e.getMessage(), e);
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

  /** Writes {@code summary} to {@code path/summary.json}. */
  public static void saveSummary(TrainingSummary summary, String path) {
    Path file = new Path(path, "summary.json");
    try {
      FileSystem fs =
          file.getFileSystem(SparkSession.active().sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(file, true)) {
        out.write(
            KerasJson.write(summary.toJson()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Saving the summary to " + file + " failed", e);
    }
  }

  /** What {@link #saveSummary} wrote under {@code path}, or {@code null} when nothing is there. */
  public static TrainingSummary loadSummary(String path) {
    Path file = new Path(path, "summary.json");
    try {
      FileSystem fs =
          file.getFileSystem(SparkSession.active().sparkContext().hadoopConfiguration());
      if (!fs.exists(file)) {
        return null;
      }
      try (InputStream in = fs.open(file)) {
        return TrainingSummary.fromJson(KerasJson.MAPPER.readTree(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Loading the summary at " + file + " failed", e);
    }
  }
}
