package org.birnn.layers.saving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.birnn.layers.saving.config.KerasJson;

/**
 * The one header of every format this project writes (model files, Spark stage metadata and data,
 * training checkpoints): {@code {"format": name, "formatVersion": n, "libraryVersion": v}}, the
 * library version taken from the build. Readers check the format name and reject versions they do
 * not know with a message that says what to do, as MLlib's readers branch on their versions.
 *
 * @param format the format's name, for example {@code "birnn-model"}
 * @param formatVersion the layout version of that format (1, 2, ...)
 * @param libraryVersion the version of the library that wrote the file
 */
public record FormatHeader(String format, int formatVersion, String libraryVersion) {
  /** The version of this library, from the build. */
  public static final String LIBRARY_VERSION = readLibraryVersion();

  /** The header this build writes for {@code format} at {@code formatVersion}. */
  public static FormatHeader current(String format, int formatVersion) {
    return new FormatHeader(format, formatVersion, LIBRARY_VERSION);
  }

  /** The header keys, to start a JSON document with. */
  public ObjectNode toJson() {
    ObjectNode o = KerasJson.object();
    o.put("format", format);
    o.put("formatVersion", formatVersion);
    o.put("libraryVersion", libraryVersion);
    return o;
  }

  /**
   * Reads and checks the header of a JSON document.
   *
   * @param expectedFormat the format the reader reads
   * @param maxVersion the newest version it reads (it reads 1 to {@code maxVersion})
   * @param where the file, for messages
   * @param legacy the header of files written before headers existed (no {@code format} key), or
   *     {@code null} when such files are an error
   * @throws IllegalArgumentException for another format or an unknown version
   */
  public static FormatHeader read(
      JsonNode node, String expectedFormat, int maxVersion, String where, FormatHeader legacy) {
    JsonNode format = node.get("format");
    boolean isLegacy = format == null && legacy != null;
    if (!isLegacy && (format == null || !expectedFormat.equals(format.asText()))) {
      throw new IllegalArgumentException(
          where
              + " is not a "
              + expectedFormat
              + " file: its header names format "
              + (format == null ? "none" : "'" + format.asText() + "'"));
    }
    // Version 1 of the model file wrote snake_case keys, as Keras's metadata.json does.
    int version =
        intOf(
            node,
            "formatVersion",
            intOf(node, "format_version", isLegacy ? legacy.formatVersion() : -1));
    String library =
        textOf(
            node,
            "libraryVersion",
            textOf(node, "library_version", isLegacy ? legacy.libraryVersion() : "unknown"));
    if (version < 1 || version > maxVersion) {
      throw new IllegalArgumentException(
          "Unsupported format version "
              + version
              + " at "
              + where
              + " (written by birnn-spark "
              + library
              + "); this build ("
              + LIBRARY_VERSION
              + ") reads versions 1 to "
              + maxVersion
              + ". Upgrade the library or re-save the model.");
    }
    return new FormatHeader(expectedFormat, version, library);
  }

  private static int intOf(JsonNode node, String key, int dflt) {
    JsonNode v = node.get(key);
    return v != null && v.canConvertToInt() ? v.asInt() : dflt;
  }

  private static String textOf(JsonNode node, String key, String dflt) {
    JsonNode v = node.get(key);
    return v != null && v.isTextual() ? v.asText() : dflt;
  }

  private static String readLibraryVersion() {
    try (InputStream in = FormatHeader.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
