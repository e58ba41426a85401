package org.birnn.layers.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.Test;

/** The one header of every saved format. */
class FormatHeaderTest {
  @Test
  void theLibraryVersionComesFromTheBuild() {
    assertFalse(FormatHeader.LIBRARY_VERSION.isEmpty());
    assertFalse(FormatHeader.LIBRARY_VERSION.contains("${"), FormatHeader.LIBRARY_VERSION);
    assertEquals(
        "{\"format\":\"f\",\"formatVersion\":2,\"libraryVersion\":\""
            + FormatHeader.LIBRARY_VERSION
            + "\"}",
        KerasJson.write(FormatHeader.current("f", 2).toJson()));
  }

  @Test
  void readsItsOwnHeaderTheVersionOneSpellingAndLegacyFiles() {
    FormatHeader h = FormatHeader.current("f", 2);
    assertEquals(h, FormatHeader.read(h.toJson(), "f", 2, "x", null));
    assertEquals(
        new FormatHeader("f", 1, "0.1.0"),
        FormatHeader.read(
            KerasJson.parse(
                "{\"format\":\"f\",\"format_version\":1,\"library_version\":\"0.1.0\"}"),
            "f",
            2,
            "x",
            null));
    FormatHeader legacy = new FormatHeader("f", 1, "0.1.0");
    assertEquals(
        legacy, FormatHeader.read(KerasJson.parse("{\"numClasses\":2}"), "f", 1, "x", legacy));
  }

  @Test
  void anotherFormatOrANewerVersionIsAClearError() {
    var other =
        assertThrows(
            IllegalArgumentException.class,
            () -> FormatHeader.read(FormatHeader.current("g", 1).toJson(), "f", 1, "/m", null));
    assertEquals("/m is not a f file: its header names format 'g'", other.getMessage());
    var newer =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FormatHeader.read(
                    KerasJson.parse(
                        "{\"format\":\"f\",\"formatVersion\":3,\"libraryVersion\":\"9.0\"}"),
                    "f",
                    2,
                    "/m",
                    null));
    assertEquals(
        "Unsupported format version 3 at /m (written by birnn-spark 9.0); this build ("
            + FormatHeader.LIBRARY_VERSION
            + ") reads versions 1 to 2. Upgrade the library or re-save the model.",
        newer.getMessage());
  }
}
