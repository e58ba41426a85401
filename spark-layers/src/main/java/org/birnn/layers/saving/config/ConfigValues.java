package org.birnn.layers.saving.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The checked values of one config, by {@link ConfigKey}; made by a {@link ConfigTable}. */
public final class ConfigValues {
  private final Map<ConfigKey<?>, Object> values;

  ConfigValues(Map<ConfigKey<?>, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * The value of {@code key}.
   *
   * @throws IllegalArgumentException when the config has no such key
   */
  public <T> T get(ConfigKey<T> key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("This config has no '" + key.name() + "' argument");
    }
    @SuppressWarnings("unchecked")
    T v = (T) values.get(key);
    return v;
  }

  /** The value of {@code key}, or its default when this config has no such key. */
  public <T> T getOrDefault(ConfigKey<T> key) {
    return values.containsKey(key) ? get(key) : key.defaultValue();
  }

  /** These values with {@code key} replaced (for values a layer normalizes, such as clamping). */
  public <T> ConfigValues with(ConfigKey<T> key, T value) {
    Map<ConfigKey<?>, Object> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new ConfigValues(copy);
  }

  /** The given keys and values, for a builder to start from. */
  public Map<ConfigKey<?>, Object> asMap() {
    return values;
  }
}
