/** Throughput harnesses for the recurrent kernels, reported as ratios to peers in the same run. */
package org.birnn.benchmarks;
