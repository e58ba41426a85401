package org.birnn.benchmarks;

/** One thing the harness times: a batch of inference or one training step. */
interface Candidate extends AutoCloseable {
  /** The row label. */
  String name();

  /** Runs one batch (inference) or one full training step (forward, backward, update). */
  void run();

  @Override
  default void close() {}
}
