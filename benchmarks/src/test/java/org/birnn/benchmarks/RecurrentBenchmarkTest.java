package org.birnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness on tiny workloads, each candidate in its own JVM: every candidate is timed and its
 * output agrees with the float64 reference (no timing assertions).
 */
class RecurrentBenchmarkTest {
  @Test
  void everyCandidateRunsInItsOwnJvmAndMatchesTheFloat64Reference() {
    List<PeerProcess> procs =
        RecurrentBenchmark.start(List.of("reference", "dl4j", "gemm"), "default");
    try {
      for (Workload tiny :
          List.of(
              new Workload("T", "gru", 4, 6, 3, 2, true),
              new Workload("T", "lstm", 5, 7, 3, 4, true),
              new Workload("T", "lstm", 3, 5, 2, 3, false))) {
        List<RecurrentBenchmark.Row> rows = RecurrentBenchmark.run(tiny, true, 1, 3, 2, procs);
        // DL4J has no GRU layer: it sits out the GRU workload.
        assertEquals(tiny.cell().equals("gru") ? 3 : 4, rows.size(), rows.toString());
        for (RecurrentBenchmark.Row r : rows) {
          Stats s = r.seconds();
          assertTrue(s.min() > 0 && s.min() <= s.median() && s.median() <= s.max(), r.toString());
          if (r.label().equals("gemm")) {
            assertTrue(Double.isNaN(r.checkError()), r.toString());
          } else {
            assertTrue(r.checkError() < 1e-5, r.label() + " on " + tiny + ": " + r.checkError());
          }
        }
      }
    } finally {
      procs.forEach(PeerProcess::close);
    }
  }

  @Test
  void workloadsRoundTripThroughTheirSpecAndBadNamesAreRefused() {
    Workload w = new Workload("T", "gru", 4, 6, 3, 2, true);
    assertEquals(w, Workload.byName(w.spec()));
    assertEquals(2.0 * 64 * 4 * 128 * 256 * 100 * 2, Workload.W1.forwardFlops(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> Workload.byName("W9"));
    assertThrows(
        IllegalArgumentException.class,
        () -> RecurrentBenchmark.start(List.of("mxnet"), "default"));
  }
}
