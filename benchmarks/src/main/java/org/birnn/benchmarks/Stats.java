package org.birnn.benchmarks;

import java.util.Arrays;

/** Median, min and max of repeated timings in seconds. */
record Stats(double median, double min, double max) {
  static Stats of(double[] seconds) {
    double[] s = seconds.clone();
    Arrays.sort(s);
    double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return new Stats(med, s[0], s[s.length - 1]);
  }
}
