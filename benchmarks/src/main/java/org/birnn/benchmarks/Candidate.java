package org.birnn.benchmarks;

/** One thing the harness times: a batch of inference or one training step. */
interface Candidate extends AutoCloseable {
  /** The row label. */
  String name();

  /** Runs one batch (inference) or one full training step (forward, backward, update). */
  void run();

  /**
   * One inference pass over the timed batch, row-major {@code [batch, time, 2 units]}, for the
   * float64 check; {@code null} for a candidate that computes no layer output (a bound).
   */
  default float[] output() {
    return null;
  }

  @Override
  default void close() {}
}
