package org.birnn.benchmarks;

import java.util.Arrays;

/** Median, min and max of repeated timings in seconds. */
record Stats(double median, double min, double max) {
  /**
   * The median and range over repetitions of {@code seconds[peer][r] / seconds[ours][r]}, as {@code
   * "1.234x, 1.10-1.31"} (above 1: ours is faster).
   */
  static String pairedRatio(double[] peer, double[] ours) {
    double[] paired = new double[peer.length];
    for (int r = 0; r < peer.length; r++) {
      paired[r] = peer[r] / ours[r];
    }
    Stats s = of(paired);
    return String.format(java.util.Locale.ROOT, "%.3fx, %.2f-%.2f", s.median(), s.min(), s.max());
  }

  /** {@code --name value} pairs as a map from name to value. */
  static java.util.Map<String, String> args(String[] args) {
    java.util.Map<String, String> a = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return a;
  }

  static Stats of(double[] seconds) {
    double[] s = seconds.clone();
    Arrays.sort(s);
    double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return new Stats(med, s[0], s[s.length - 1]);
  }
}
