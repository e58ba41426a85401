package org.birnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness runs on a tiny workload and reports every candidate (no timing assertions). */
class RecurrentBenchmarkTest {
  @Test
  void harnessMeasuresEveryCandidateOnATinyWorkload() {
    Workload tiny = new Workload("T", "gru", 4, 6, 3, 2, true);
    Map<String, Stats> r =
        RecurrentBenchmark.run(tiny, true, 1, 3, java.util.List.of("reference", "gemm"), false);
    assertEquals(3, r.size());
    r.values()
        .forEach(s -> assertTrue(s.min() > 0 && s.min() <= s.median() && s.median() <= s.max()));
    assertEquals(2.0 * 64 * 4 * 128 * 256 * 100 * 2, Workload.W1.forwardFlops(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> Workload.byName("W9"));
  }
}
