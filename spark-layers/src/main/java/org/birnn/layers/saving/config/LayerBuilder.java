package org.birnn.layers.saving.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one builder style of every layer: named setters over the keys of the layer's {@link
 * ConfigTable}, validated once in {@link #build()} by the table (which {@code fromConfig} uses
 * too), so a config that reads is a valid config.
 *
 * @param <L> what {@link #build()} makes
 * @param <B> the concrete builder, returned by the setters
 */
public abstract class LayerBuilder<L, B extends LayerBuilder<L, B>> {
  /** The arguments set so far; the rest keep their defaults. */
  protected final Map<ConfigKey<?>, Object> given = new LinkedHashMap<>();

  /** Sets any key of the layer's table. */
  public <T> B set(ConfigKey<T> key, T value) {
    given.put(key, value);
    return self();
  }

  /** Sets every key of {@code values}, for example to derive a modified copy of a config. */
  public B setAll(ConfigValues values) {
    given.putAll(values.asMap());
    return self();
  }

  /** The layer name (default: the class's base name with a unique suffix). */
  public B name(String name) {
    return set(ConfigKeys.NAME, name);
  }

  /** Whether the weights are trained (default true). */
  public B trainable(boolean trainable) {
    return set(ConfigKeys.TRAINABLE, trainable);
  }

  /** {@code "float32"} (default) or {@code "float64"}. */
  public B dtype(String dtype) {
    return set(ConfigKeys.DTYPE, dtype);
  }

  /**
   * Sets every key {@code table} reads from a Keras config dict.
   *
   * @param owner the class name, for messages
   */
  public <F> B read(ConfigTable<F> table, F member, String owner, JsonNode config, boolean keras2) {
    given.putAll(table.read(member, config, new ConfigKey.ReadContext(owner, keras2)));
    return self();
  }

  /**
   * Validates the arguments and makes the layer.
   *
   * @throws IllegalArgumentException naming the argument, the value received and what is valid
   */
  public abstract L build();

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
