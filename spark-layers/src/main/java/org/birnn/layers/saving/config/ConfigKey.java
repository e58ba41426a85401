package org.birnn.layers.saving.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;

/**
 * One argument of a layer's config, declared once: its Keras name, its default, how it is read from
 * and written to a Keras config dict, and what values it accepts. A {@link ConfigTable} lists the
 * keys of a layer family in Keras order; builders, JSON, equality, getters and the unknown-key
 * check all come from it.
 *
 * @param <T> the Java type of the value ({@code null} allowed where the default is {@code null})
 */
public final class ConfigKey<T> {
  /** Reads the key from a config dict; an absent key gives the key's default. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(JsonNode config, ConfigKey<T> key, ReadContext context);
  }

  /** Writes a value as JSON. */
  @FunctionalInterface
  public interface Writer<T> {
    JsonNode write(T value);
  }

  /** Checks a value, throwing {@link IllegalArgumentException} naming {@code owner} and the key. */
  @FunctionalInterface
  public interface Check<T> {
    void check(String owner, T value);
  }

  /**
   * What a reader may need beyond the dict.
   *
   * @param owner the class name, for messages ({@code "LSTM"})
   * @param keras2 whether the dict comes from Keras 2 / tf-keras (its defaults and formulas apply)
   */
  public record ReadContext(String owner, boolean keras2) {}

  private final String name;
  private final T defaultValue;
  private final Reader<T> reader;
  private final Writer<T> writer;
  private final Check<T> check;
  private final boolean required;

  private ConfigKey(
      String name,
      T defaultValue,
      Reader<T> reader,
      Writer<T> writer,
      Check<T> check,
      boolean required) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
    this.reader = reader;
    this.writer = writer;
    this.check = check;
    this.required = required;
  }

  /** A key of any type. */
  public static <T> ConfigKey<T> of(
      String name, T defaultValue, Reader<T> reader, Writer<T> writer) {
    return new ConfigKey<>(name, defaultValue, reader, writer, (o, v) -> {}, false);
  }

  /** A boolean key; anything but a JSON boolean (or null) is an error. */
  public static ConfigKey<Boolean> bool(String name, boolean defaultValue) {
    return of(
        name,
        defaultValue,
        (c, k, ctx) -> KerasJson.bool(c, k.name(), k.defaultValue()),
        BooleanNode::valueOf);
  }

  /** An integer key. */
  public static ConfigKey<Integer> integer(String name, int defaultValue) {
    return of(
        name,
        defaultValue,
        (c, k, ctx) -> KerasJson.integer(c, k.name(), k.defaultValue()),
        IntNode::valueOf);
  }

  /** A floating-point key. */
  public static ConfigKey<Double> number(String name, double defaultValue) {
    return of(
        name,
        defaultValue,
        (c, k, ctx) -> KerasJson.number(c, k.name(), k.defaultValue()),
        DoubleNode::valueOf);
  }

  /** An optional integer key such as a seed ({@code null} by default). */
  public static ConfigKey<Long> optionalLong(String name) {
    return of(
        name,
        null,
        (c, k, ctx) -> KerasJson.optionalLong(c, k.name()),
        v -> v == null ? NullNode.getInstance() : LongNode.valueOf(v));
  }

  /** A string key. */
  public static ConfigKey<String> string(String name, String defaultValue) {
    return of(
        name,
        defaultValue,
        (c, k, ctx) -> KerasJson.string(c, k.name(), k.defaultValue()),
        v -> v == null ? NullNode.getInstance() : TextNode.valueOf(v));
  }

  /** This key with {@code check} run on every value, built or read. */
  public ConfigKey<T> check(Check<T> check) {
    return new ConfigKey<>(name, defaultValue, reader, writer, check, required);
  }

  /** This key, which a config dict must contain ("LSTM config needs 'units'"). */
  public ConfigKey<T> required() {
    return new ConfigKey<>(name, defaultValue, reader, writer, check, true);
  }

  /** The Keras argument name, for example {@code "recurrent_dropout"}. */
  public String name() {
    return name;
  }

  /** The value when none is given. */
  public T defaultValue() {
    return defaultValue;
  }

  /** Whether a config dict must contain the key. */
  public boolean isRequired() {
    return required;
  }

  T read(JsonNode config, ReadContext context) {
    return reader.read(config, this, context);
  }

  JsonNode write(Object value) {
    @SuppressWarnings("unchecked")
    T v = (T) value;
    return writer.write(v);
  }

  void validate(String owner, Object value) {
    @SuppressWarnings("unchecked")
    T v = (T) value;
    check.check(owner, v);
  }

  @Override
  public String toString() {
    return name;
  }
}
