package org.birnn.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How quiet the machine was during a repetition: the share of all CPU time that other processes
 * used ({@code /proc/stat} busy time less this process's {@code /proc/self/stat} user and system
 * time, over the machine's total), so a figure taken while something else ran can be told apart;
 * and how much of this process's own CPU time the kernel took, with its page faults (a JVM whose
 * heap or native buffers are still being mapped spends much of it zero-filling fresh pages). Linux
 * only; elsewhere the shares are {@code NaN}.
 */
final class Quietness {
  private final long total;
  private final long busy;
  private final long own;
  private final long ownKernel;
  private final long faults;

  private Quietness(long total, long busy, long own, long ownKernel, long faults) {
    this.total = total;
    this.busy = busy;
    this.own = own;
    this.ownKernel = ownKernel;
    this.faults = faults;
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
      long kernel = Long.parseLong(f[12]); // stime (field 15)
      long own = Long.parseLong(f[11]) + kernel; // plus utime (field 14)
      long faults = Long.parseLong(f[7]) + Long.parseLong(f[9]); // minflt, majflt (10, 12)
      return new Quietness(total, total - idle, own, kernel, faults);
    } catch (IOException | RuntimeException e) {
      return new Quietness(-1, -1, -1, -1, -1);
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

  /**
   * This process's own use between {@code start} and now, from one reading: the kernel's share of
   * its CPU time ({@code NaN} where unknown) and its page faults (-1 where unknown).
   */
  record OwnUse(double kernelShare, long faults) {
    @Override
    public String toString() {
      return String.format(
          "kernel %.0f%% of this JVM's CPU time, %d page faults", 100 * kernelShare, faults);
    }
  }

  /** This process's {@link OwnUse} since {@code start}. */
  static OwnUse ownSince(Quietness start) {
    Quietness end = now();
    double share =
        start.own < 0 || end.own <= start.own
            ? Double.NaN
            : (double) (end.ownKernel - start.ownKernel) / (end.own - start.own);
    long faults = start.faults < 0 || end.faults < 0 ? -1 : end.faults - start.faults;
    return new OwnUse(share, faults);
  }
}
