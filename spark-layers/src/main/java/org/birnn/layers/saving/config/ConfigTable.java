package org.birnn.layers.saving.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The declarative table of a layer family's config keys, in Keras order: for each {@link
 * ConfigKey}, which members of the family take it ({@code F}, for example the cell type of a
 * recurrent layer) and when it is left out of the written JSON. Building, reading, writing and the
 * unknown-key check of the family's configs all go through this one table.
 *
 * @param <F> what tells the members of the family apart
 */
public final class ConfigTable<F> {
  private record Entry<F>(
      ConfigKey<?> key, Predicate<F> appliesTo, String only, BiPredicate<F, Object> omitWhen) {}

  private final List<Entry<F>> entries;
  private final Set<String> ignored;

  private ConfigTable(List<Entry<F>> entries, Set<String> ignored) {
    this.entries = List.copyOf(entries);
    this.ignored = Set.copyOf(ignored);
  }

  /** An empty table to fill in Keras order. */
  public static <F> Builder<F> builder() {
    return new Builder<>();
  }

  /** Fills a {@link ConfigTable}. */
  public static final class Builder<F> {
    private final List<Entry<F>> entries = new ArrayList<>();
    private final Set<String> ignored = new HashSet<>();

    private Builder() {}

    /** A key every member takes. */
    public Builder<F> key(ConfigKey<?> key) {
      return key(key, m -> true, null);
    }

    /**
     * A key only some members take.
     *
     * @param only says which, for messages ({@code "LSTM only"})
     */
    public Builder<F> key(ConfigKey<?> key, Predicate<F> appliesTo, String only) {
      entries.add(new Entry<>(key, appliesTo, only, (m, v) -> false));
      return this;
    }

    /** A key every member takes, left out of the written JSON when {@code omitWhen} holds. */
    public Builder<F> key(ConfigKey<?> key, BiPredicate<F, Object> omitWhen) {
      entries.add(new Entry<>(key, m -> true, null, omitWhen));
      return this;
    }

    /** Keys that other Keras versions write and that are read and ignored. */
    public Builder<F> ignore(String... keys) {
      ignored.addAll(List.of(keys));
      return this;
    }

    /** The table. */
    public ConfigTable<F> build() {
      return new ConfigTable<>(entries, ignored);
    }
  }

  /** Whether {@code member} takes {@code key}. */
  public boolean applies(F member, ConfigKey<?> key) {
    for (Entry<F> e : entries) {
      if (e.key() == key) {
        return e.appliesTo().test(member);
      }
    }
    return false;
  }

  /**
   * The values of a member's config: those {@code given} over the defaults, each checked.
   *
   * @param owner the class name, for messages
   * @throws IllegalArgumentException for a key the member does not take or a value a key refuses
   */
  public ConfigValues values(F member, String owner, Map<ConfigKey<?>, Object> given) {
    for (Map.Entry<ConfigKey<?>, Object> g : given.entrySet()) {
      Entry<F> e = entry(g.getKey());
      if (e == null || !e.appliesTo().test(member)) {
        throw new IllegalArgumentException(
            owner
                + " has no "
                + g.getKey().name()
                + " argument"
                + (e == null || e.only() == null ? "" : " (" + e.only() + ")")
                + "; received "
                + g.getValue());
      }
    }
    Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
    for (Entry<F> e : entries) {
      if (e.appliesTo().test(member)) {
        Object v = given.containsKey(e.key()) ? given.get(e.key()) : e.key().defaultValue();
        e.key().validate(owner, v);
        values.put(e.key(), v);
      }
    }
    return new ConfigValues(values);
  }

  /**
   * Reads the keys a member takes from a Keras config dict (absent keys keep their defaults).
   *
   * @throws IllegalArgumentException for an unknown key (as Keras rejects an unrecognized keyword
   *     argument), a missing required key or a value of the wrong JSON type
   */
  public Map<ConfigKey<?>, Object> read(F member, JsonNode config, ConfigKey.ReadContext context) {
    Set<String> known = new HashSet<>(ignored);
    for (Entry<F> e : entries) {
      if (e.appliesTo().test(member)) {
        known.add(e.key().name());
      }
    }
    KerasJson.rejectUnknownKeys(config, known, context.owner());
    Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
    for (Entry<F> e : entries) {
      if (!e.appliesTo().test(member)) {
        continue;
      }
      if (e.key().isRequired() && !config.has(e.key().name())) {
        throw new IllegalArgumentException(
            context.owner() + " config needs '" + e.key().name() + "'; got " + config);
      }
      values.put(e.key(), e.key().read(config, context));
    }
    return values;
  }

  /** The Keras config dict of a member's values, keys in table order. */
  public ObjectNode write(F member, ConfigValues values) {
    ObjectNode c = KerasJson.object();
    for (Entry<F> e : entries) {
      if (!e.appliesTo().test(member)) {
        continue;
      }
      Object v = values.get(e.key());
      if (!e.omitWhen().test(member, v)) {
        c.set(e.key().name(), e.key().write(v));
      }
    }
    return c;
  }

  private Entry<F> entry(ConfigKey<?> key) {
    for (Entry<F> e : entries) {
      if (e.key() == key) {
        return e;
      }
    }
    return null;
  }
}
