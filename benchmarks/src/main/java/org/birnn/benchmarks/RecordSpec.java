package org.birnn.benchmarks;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A workload record as one {@code :}-separated token of its components (strings, ints, booleans),
 * so a candidate's own JVM can rebuild it from a command line.
 */
final class RecordSpec {
  private RecordSpec() {}

  static String of(Record r) {
    return Arrays.stream(r.getClass().getRecordComponents())
        .map(c -> String.valueOf(value(c, r)))
        .collect(Collectors.joining(":"));
  }

  static <R extends Record> R parse(Class<R> type, String spec) {
    RecordComponent[] cs = type.getRecordComponents();
    String[] f = spec.split(":");
    if (f.length != cs.length) {
      throw new IllegalArgumentException(
          type.getSimpleName()
              + " spec needs "
              + cs.length
              + " ':'-separated fields; received "
              + f.length
              + " in '"
              + spec
              + "'");
    }
    Object[] args = new Object[cs.length];
    Class<?>[] types = new Class<?>[cs.length];
    for (int i = 0; i < cs.length; i++) {
      types[i] = cs[i].getType();
      args[i] =
          types[i] == int.class
              ? Integer.parseInt(f[i])
              : types[i] == boolean.class ? Boolean.parseBoolean(f[i]) : f[i];
    }
    try {
      Constructor<R> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot rebuild " + type.getSimpleName() + " from " + spec, e);
    }
  }

  private static Object value(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }
}
