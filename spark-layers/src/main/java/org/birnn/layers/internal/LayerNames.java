package org.birnn.layers.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Keras-style default layer names: {@code lstm}, {@code lstm_1}, {@code lstm_2}, ... */
public final class LayerNames {
  private static final ConcurrentHashMap<String, AtomicInteger> COUNTERS =
      new ConcurrentHashMap<>();

  private LayerNames() {}

  /** The next unused default name for {@code base} in this JVM. */
  public static String unique(String base) {
    int n = COUNTERS.computeIfAbsent(base, b -> new AtomicInteger()).getAndIncrement();
    return n == 0 ? base : base + "_" + n;
  }

  /** {@code prefix + name} without doubling the prefix (KERAS_SPEC D3). */
  public static String prefixed(String prefix, String name) {
    return prefix + (name.startsWith(prefix) ? name.substring(prefix.length()) : name);
  }
}
