package org.birnn.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.birnn.layers.rnn.Kernels;
import org.birnn.layers.utils.MallocInfo;

/**
 * Trains {@code steps} steps of a workload with our layer and prints resident memory and the C
 * allocator's bytes in use (where ND4J's arrays live; {@link MallocInfo}) every tenth of the run,
 * so growth shows. Off-heap arrays are freed when the JVM collects their owners, so a {@code
 * System.gc()} precedes each reading.
 */
final class MemoryRun {
  private MemoryRun() {}

  static void run(Workload w, int steps) {
    BirnnCandidate c =
        new BirnnCandidate("birnn", w, Inputs.of(w, 5), true, Kernels.defaultKernel());
    long peakRss = 0;
    System.out.printf(
        "%s training, %d steps: step, RSS MiB, malloc in use MiB (-1: unknown)%n", w.name(), steps);
    for (int s = 1; s <= steps; s++) {
      c.run();
      if (s % Math.max(1, steps / 10) == 0 || s == 1) {
        System.gc();
        long rss = rssBytes();
        peakRss = Math.max(peakRss, peakRssBytes());
        System.out.printf(
            "%s memory step %5d  rss %8.1f  malloc %8.1f%n",
            w.name(), s, rss / 1048576.0, MallocInfo.inUseBytes().orElse(-1048576L) / 1048576.0);
      }
    }
    System.out.printf("%s memory peak RSS (VmHWM) %.1f MiB%n", w.name(), peakRss / 1048576.0);
  }

  /** The process's resident memory ({@code VmRSS}) in bytes, -1 where unknown (not Linux). */
  static long rssBytes() {
    return statusField("VmRSS:");
  }

  /** The process's peak resident memory ({@code VmHWM}) in bytes, -1 where unknown. */
  static long peakRssBytes() {
    return statusField("VmHWM:");
  }

  private static long statusField(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1; // not Linux: reported as -1
    }
    return -1;
  }
}
