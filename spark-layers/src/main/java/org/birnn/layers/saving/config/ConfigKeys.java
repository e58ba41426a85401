package org.birnn.layers.saving.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The config keys every layer shares ({@code name, trainable, dtype}) and kinds of keys. */
public final class ConfigKeys {
  private ConfigKeys() {}

  /** The layer name; {@code null} gives a unique default such as {@code "dense_3"}. */
  public static final ConfigKey<String> NAME =
      ConfigKey.string("name", null)
          .check(
              (owner, v) -> {
                if (v != null && v.isEmpty()) {
                  throw new IllegalArgumentException(owner + ": name must not be empty");
                }
              });

  /** Whether the optimizer updates the layer's weights. */
  public static final ConfigKey<Boolean> TRAINABLE = ConfigKey.bool("trainable", true);

  /**
   * The compute dtype, {@code "float32"} or {@code "float64"}: written as a Keras 3 {@code
   * DTypePolicy}, read from one or from a plain string.
   */
  public static final ConfigKey<String> DTYPE =
      ConfigKey.of(
              "dtype", "float32", (c, k, ctx) -> KerasJson.readDtype(c), KerasJson::dtypePolicy)
          .check(
              (owner, v) -> {
                if (!"float32".equals(v) && !"float64".equals(v)) {
                  throw new IllegalArgumentException(
                      owner + ": dtype must be \"float32\" or \"float64\"; received \"" + v + "\"");
                }
              });

  /**
   * A key this library accepts with one value only (a weight constraint: null; a data format:
   * "channels_last"): written as that value; any other value read is an {@link
   * UnsupportedOperationException} naming the key and the value.
   */
  public static ConfigKey<Void> only(String name, JsonNode value) {
    return ConfigKey.of(
        name,
        null,
        (c, k, ctx) -> {
          JsonNode v = c.get(k.name());
          boolean same = v == null || v.equals(value) || (v.isNull() && value.isNull());
          if (!same) {
            throw new UnsupportedOperationException(
                ctx.owner()
                    + ": "
                    + k.name()
                    + "="
                    + v
                    + " is not supported; only "
                    + k.name()
                    + "="
                    + value
                    + " is");
          }
          return null;
        },
        v -> value);
  }

  /** A key only {@code null} is accepted for (weight constraints, noise shapes, ...). */
  public static ConfigKey<Void> onlyNull(String name) {
    return only(name, NullNode.getInstance());
  }

  /** A boolean key only {@code value} is accepted for. */
  public static ConfigKey<Void> only(String name, boolean value) {
    return only(name, BooleanNode.valueOf(value));
  }

  /** A string key only {@code value} is accepted for. */
  public static ConfigKey<Void> only(String name, String value) {
    return only(name, TextNode.valueOf(value));
  }

  /** A required integer key that must be positive ("units must be a positive integer"). */
  public static ConfigKey<Integer> positive(String name) {
    return ConfigKey.integer(name, -1)
        .required()
        .check(
            (owner, v) -> {
              if (v <= 0) {
                throw new IllegalArgumentException(
                    owner
                        + ": "
                        + name
                        + " must be a positive integer; received "
                        + name
                        + "="
                        + v);
              }
            });
  }
}
