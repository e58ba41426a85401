package org.birnn.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real labelled text without a download: the Debian/Ubuntu package index. Each package has a
 * one-line description and a {@code Section} ({@code libs}, {@code python}, {@code games}, ...);
 * archive prefixes such as {@code universe/} or {@code contrib/} are dropped.
 */
final class PackageIndex {
  /** One package: its short description and section. */
  record Entry(String description, String section) {}

  /** Where the rows came from, and the rows. */
  record Source(String name, List<Entry> entries) {}

  private PackageIndex() {}

  /**
   * {@code apt-cache dumpavail} when it lists packages, else {@code /var/lib/dpkg/status}
   * (installed packages only); {@code null} when neither is available.
   */
  static Source read() throws IOException, InterruptedException {
    List<Entry> apt = aptCache();
    if (apt != null && !apt.isEmpty()) {
      return new Source("apt-cache dumpavail", apt);
    }
    Path status = Path.of("/var/lib/dpkg/status");
    if (Files.isRegularFile(status)) {
      try (BufferedReader r = Files.newBufferedReader(status, StandardCharsets.UTF_8)) {
        List<Entry> installed = parse(r);
        if (!installed.isEmpty()) {
          return new Source(status + " (installed packages only)", installed);
        }
      }
    }
    return null;
  }

  private static List<Entry> aptCache() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("apt-cache", "dumpavail").redirectErrorStream(false).start();
      List<Entry> out;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        out = parse(r);
      }
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null; // no apt-cache on this machine
    }
  }

  /** Parses Debian control stanzas: {@code Section:} and the first line of {@code Description:}. */
  static List<Entry> parse(BufferedReader r) throws IOException {
    List<Entry> out = new ArrayList<>();
    String section = null;
    String description = null;
    String line;
    while ((line = r.readLine()) != null) {
      if (line.isEmpty()) {
        add(out, description, section);
        section = null;
        description = null;
      } else if (line.startsWith("Section:")) {
        String s = line.substring(8).trim();
        section = s.substring(s.lastIndexOf('/') + 1);
      } else if (line.startsWith("Description:")) {
        description = line.substring(12).trim();
      }
    }
    add(out, description, section);
    return out;
  }

  private static void add(List<Entry> out, String description, String section) {
    if (description != null && section != null && !description.isEmpty()) {
      out.add(new Entry(description, section));
    }
  }
}
