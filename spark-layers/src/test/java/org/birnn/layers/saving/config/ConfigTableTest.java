package org.birnn.layers.saving.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declarative config table: defaults, order, applicability, reading and writing. */
class ConfigTableTest {
  private static final ConfigKey<Integer> SIZE = ConfigKeys.positive("size");
  private static final ConfigKey<Boolean> WIDE = ConfigKey.bool("wide", false);
  private static final ConfigKey<Long> SEED = ConfigKey.optionalLong("seed");
  private static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(SIZE)
          .key(WIDE, m -> m.equals("Big"), "Big only")
          .key(SEED, (m, v) -> v == null)
          .key(ConfigKeys.onlyNull("constraint"))
          .ignore("legacy")
          .build();

  @Test
  void writesTheKeysAMemberTakesInTableOrderWithDefaults() {
    ConfigValues v = TABLE.values("Big", "Big", Map.of(SIZE, 3));
    assertEquals(
        "{\"name\":null,\"size\":3,\"wide\":false,\"constraint\":null}",
        KerasJson.write(TABLE.write("Big", v)));
    assertEquals(
        "{\"name\":null,\"size\":3,\"seed\":7,\"constraint\":null}",
        KerasJson.write(
            TABLE.write("Small", TABLE.values("Small", "Small", Map.of(SIZE, 3, SEED, 7L)))));
  }

  @Test
  void readingWhatWasWrittenGivesTheSameValues() {
    ConfigValues v = TABLE.values("Big", "Big", Map.of(SIZE, 5, WIDE, true, SEED, 9L));
    String json = KerasJson.write(TABLE.write("Big", v));
    Map<ConfigKey<?>, Object> read =
        TABLE.read("Big", KerasJson.parse(json), new ConfigKey.ReadContext("Big", false));
    assertEquals(json, KerasJson.write(TABLE.write("Big", TABLE.values("Big", "Big", read))));
    assertEquals(5, read.get(SIZE));
    assertEquals(true, read.get(WIDE));
  }

  @Test
  void aKeyOfAnotherMemberIsRefusedWhenBuiltAndWhenRead() {
    var built =
        assertThrows(
            IllegalArgumentException.class,
            () -> TABLE.values("Small", "Small", Map.of(SIZE, 1, WIDE, true)));
    assertEquals("Small has no wide argument (Big only); received true", built.getMessage());
    var read =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TABLE.read(
                    "Small",
                    KerasJson.parse("{\"size\":1,\"wide\":true}"),
                    new ConfigKey.ReadContext("Small", false)));
    assertTrue(
        read.getMessage().startsWith("Unrecognized keyword argument 'wide' passed to Small"));
    assertFalse(TABLE.applies("Small", WIDE));
  }

  @Test
  void requiredCheckedOnlyAndIgnoredKeysBehave() {
    ConfigKey.ReadContext ctx = new ConfigKey.ReadContext("Big", false);
    var missing =
        assertThrows(
            IllegalArgumentException.class, () -> TABLE.read("Big", KerasJson.parse("{}"), ctx));
    assertEquals("Big config needs 'size'; got {}", missing.getMessage());
    var bad =
        assertThrows(
            IllegalArgumentException.class, () -> TABLE.values("Big", "Big", Map.of(SIZE, 0)));
    assertEquals("Big: size must be a positive integer; received size=0", bad.getMessage());
    var unsupported =
        assertThrows(
            UnsupportedOperationException.class,
            () -> TABLE.read("Big", KerasJson.parse("{\"size\":1,\"constraint\":1}"), ctx));
    assertEquals(
        "Big: constraint=1 is not supported; only constraint=null is", unsupported.getMessage());
    assertEquals(
        2, TABLE.read("Big", KerasJson.parse("{\"size\":2,\"legacy\":[1]}"), ctx).get(SIZE));
  }
}
