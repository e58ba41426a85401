package org.birnn.pipelines.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.birnn.layers.saving.FormatHeader;

/**
 * Spark ML's stage metadata ({@code path/metadata}), written and read in Spark's own format with
 * Jackson and the Hadoop file system: one JSON line {@code {"class", "timestamp", "sparkVersion",
 * "uid", "paramMap", "defaultParamMap", ...}}, as {@code DefaultParamsWriter} writes it, so Spark's
 * readers (and {@code PipelineModel}) read ours and ours read Spark's. No json4s or Scala type is
 * involved: json4s changed its binary API between the Spark 3.5 and 4 lines, and Spark's own
 * helpers are {@code private[ml]}.
 *
 * <p>Every stage's metadata carries the {@link FormatHeader} ({@code birnn-spark-stage}) among the
 * extra fields; readers reject versions this build does not know.
 */
public final class SparkMlPersistence {
  /** The stage format this build writes. */
  public static final int FORMAT_VERSION = 1;

  /** The format name in every stage's metadata. */
  public static final String FORMAT = "birnn-spark-stage";

  /** Metadata written before the header had a format name (0.1.0): version 1. */
  private static final FormatHeader LEGACY = new FormatHeader(FORMAT, 1, "0.1.0");

  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkMlPersistence() {}

  /** Writes {@code path/metadata} as Spark does, with the format header among the fields. */
  public static void saveMetadata(Params instance, String path, SparkContext sc) {
    ObjectNode m = JSON.createObjectNode();
    m.put("class", instance.getClass().getName());
    m.put("timestamp", System.currentTimeMillis());
    m.put("sparkVersion", sc.version());
    m.put("uid", instance.uid());
    ObjectNode set = m.putObject("paramMap");
    ObjectNode defaults = m.putObject("defaultParamMap");
    for (Param<?> p : instance.params()) {
      @SuppressWarnings("unchecked")
      Param<Object> param = (Param<Object>) p;
      if (instance.isSet(param)) {
        set.set(param.name(), parse(param.jsonEncode(instance.getOrDefault(param))));
      }
      if (instance.hasDefault(param)) {
        defaults.set(param.name(), parse(param.jsonEncode(instance.getDefault(param).get())));
      }
    }
    m.setAll(FormatHeader.current(FORMAT, FORMAT_VERSION).toJson());
    Path dir = new Path(path, "metadata");
    try {
      FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(new Path(dir, "part-00000"), true)) {
        out.write((JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      fs.create(new Path(dir, "_SUCCESS"), true).close();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code path/metadata} once and checks its class and format version.
   *
   * @throws IllegalArgumentException for another class or an unknown format version
   */
  public static Metadata loadMetadata(String path, SparkContext sc, String className) {
    JsonNode m = read(path, sc.hadoopConfiguration(), className);
    FormatHeader.read(m, FORMAT, FORMAT_VERSION, path + "/metadata", LEGACY);
    return new Metadata(m, path);
  }

  /** A stage's saved metadata: its uid, and the params and defaults to set on a new instance. */
  public static final class Metadata {
    private final JsonNode json;
    private final String path;

    private Metadata(JsonNode json, String path) {
      this.json = json;
      this.path = path;
    }

    /** The saved uid. */
    public String uid() {
      return json.path("uid").asText();
    }

    /**
     * Sets the saved params and defaults on {@code instance}.
     *
     * @throws IllegalArgumentException for a param {@code instance} does not have
     */
    public void applyTo(Params instance) {
      apply(instance, json.path("paramMap"), false, path);
      apply(instance, json.path("defaultParamMap"), true, path);
    }
  }

  private static void apply(Params instance, JsonNode values, boolean defaults, String path) {
    Iterator<Map.Entry<String, JsonNode>> it = values.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!instance.hasParam(e.getKey())) {
        if (defaults) {
          continue; // a default this build no longer has, as Spark skips them
        }
        throw new IllegalArgumentException(
            path
                + "/metadata sets param '"
                + e.getKey()
                + "', which "
                + instance.getClass().getSimpleName()
                + " does not have; its params: "
                + Arrays.toString(Arrays.stream(instance.params()).map(Param::name).toArray()));
      }
      Param<Object> p = instance.getParam(e.getKey());
      Object v = p.jsonDecode(e.getValue().toString());
      if (defaults) {
        instance.setDefault(p, v);
      } else {
        instance.set(p, v);
      }
    }
  }

  /** The JSON line of {@code path/metadata}, checked to be of {@code className}. */
  private static JsonNode read(String path, Configuration conf, String className) {
    Path dir = new Path(path, "metadata");
    try {
      FileSystem fs = dir.getFileSystem(conf);
      FileStatus[] parts =
          fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
      Arrays.sort(parts);
      for (FileStatus part : parts) {
        try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
          String line = r.readLine();
          if (line == null || line.isBlank()) {
            continue;
          }
          JsonNode m = JSON.readTree(line);
          String cls = m.path("class").asText();
          if (!cls.equals(className)) {
            throw new IllegalArgumentException(
                "Error loading metadata: expected class name "
                    + className
                    + " but found class name "
                    + cls
                    + " at "
                    + dir);
          }
          return m;
        }
      }
      throw new IllegalArgumentException("No metadata at " + dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + dir + " failed: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
