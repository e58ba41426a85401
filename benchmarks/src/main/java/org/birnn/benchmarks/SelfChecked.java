package org.birnn.benchmarks;

/** A candidate that checks its own output against a float64 reference (a whole network). */
interface SelfChecked {
  /** The largest difference from the reference at the timed shapes. */
  double checkError();
}
