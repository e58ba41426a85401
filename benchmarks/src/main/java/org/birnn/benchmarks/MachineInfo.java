package org.birnn.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The header every benchmark prints: date, CPU model and features, cores, Java, the command. */
final class MachineInfo {
  private MachineInfo() {}

  static String header(String what, String[] args) {
    return String.format(
        "birnn-spark %s, %s, CPU %s (%s), %d cores, Java %s, arguments: %s",
        what,
        java.time.LocalDate.now(),
        cpuField("model name"),
        cpuField("flags").contains("avx512f") ? "AVX-512" : "no AVX-512",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        String.join(" ", args));
  }

  private static String cpuField(String name) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith(name)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return System.getProperty("os.arch"); // not Linux
    }
    return System.getProperty("os.arch");
  }
}
