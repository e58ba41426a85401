package org.birnn.pipelines.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.birnn.layers.saving.FormatHeader;
import org.birnn.layers.saving.config.KerasJson;
import org.json4s.JsonAST;
import scala.Option;

/**
 * The one place that calls Spark's {@code private[ml]} persistence helpers ({@code
 * DefaultParamsWriter.saveMetadata}, {@code DefaultParamsReader.loadMetadata}): public in bytecode,
 * not a stable API, so kept behind this class (STYLE H5).
 *
 * <p>Every stage's metadata carries the {@link FormatHeader} ({@code birnn-spark-stage}) in {@code
 * extraMetadata}; readers reject versions this build does not know.
 */
public final class SparkMlPersistence {
  /** The stage format this build writes. */
  public static final int FORMAT_VERSION = 1;

  /** The format name in every stage's metadata. */
  public static final String FORMAT = "birnn-spark-stage";

  /** Metadata written before the header had a format name (0.1.0): version 1. */
  private static final FormatHeader LEGACY = new FormatHeader(FORMAT, 1, "0.1.0");

  private SparkMlPersistence() {}

  /** Writes {@code path/metadata} as Spark does, with {@code formatVersion} added. */
  public static void saveMetadata(Params instance, String path, SparkContext sc) {
    JsonAST.JValue extra =
        org.json4s.jackson.JsonMethods$.MODULE$.parse(
            org.json4s.package$.MODULE$.string2JsonInput(
                KerasJson.write(FormatHeader.current(FORMAT, FORMAT_VERSION).toJson())),
            false,
            false);
    DefaultParamsWriter.saveMetadata(
        instance, path, sc, Option.apply((JsonAST.JObject) extra), Option.empty());
  }

  /**
   * Reads {@code path/metadata}, checks the class and format version, and sets the saved params on
   * {@code instance}.
   *
   * @throws IllegalArgumentException for another class or an unknown format version
   */
  public static void loadMetadataInto(
      Params instance, String path, SparkContext sc, String className) {
    DefaultParamsReader.Metadata m = DefaultParamsReader.loadMetadata(path, sc, className);
    try {
      FormatHeader.read(
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.metadataJson()),
          FORMAT,
          FORMAT_VERSION,
          path + "/metadata",
          LEGACY);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Unreadable metadata at " + path + "/metadata", e);
    }
    m.getAndSetParams(instance, Option.empty());
  }

  /** The uid saved in {@code path/metadata}. */
  public static String uid(String path, SparkContext sc, String className) {
    return DefaultParamsReader.loadMetadata(path, sc, className).uid();
  }
}
