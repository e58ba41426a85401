package org.birnn.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How quiet the machine was during a repetition: the share of all CPU time that other processes
 * used ({@code /proc/stat} busy time less this process's {@code /proc/self/stat} user and system
 * time, over the machine's total), so a figure taken while something else ran can be told apart.
 * Linux only; elsewhere the share is {@code NaN}.
 */
final class Quietness {
  private long total;
  private long busy;
  private long own;

  private Quietness(long total, long busy, long own) {
    this.total = total;
    this.busy = busy;
    this.own = own;
  }

  /** A reading now. */
  static Quietness now() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + (cpu.length > 5 ? Long.parseLong(cpu[5]) : 0);
      String self = Files.readString(Path.of("/proc/self/stat"));
      String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
      return new Quietness(total, total - idle, own);
    } catch (IOException | RuntimeException e) {
      return new Quietness(-1, -1, -1);
    }
  }

  /** Other processes' share of the machine's CPU time between {@code start} and now. */
  static double othersShare(Quietness start) {
    Quietness end = now();
    if (start.total < 0 || end.total <= start.total) {
      return Double.NaN;
    }
    double others = (end.busy - start.busy) - (end.own - start.own);
    return Math.max(0, others) / (end.total - start.total);
  }
}
