/**
 * Throughput harnesses, reported as ratios to peers measured in the same run: the recurrent layers
 * (W1-W4) and the stages' own networks (W5-W7) against libtorch and DL4J, each library in its own
 * JVM at its defaults and checked against a float64 reference, plus the Spark and scale runs.
 */
package org.birnn.benchmarks;
