package org.birnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of the README main job on tiny data. */
class TextClassificationJobTest {
  @TempDir Path dir;

  @Test
  void mainJobTrainsEvaluatesSavesAndScoresOnTinyData() throws Exception {
    String[][] words = {
      {"python", "module", "bindings"},
      {"library", "shared", "runtime"},
      {"game", "puzzle", "arcade"}
    };
    String[] labels = {"python", "libs", "games"};
    Random r = new Random(1);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      int c = i % 3;
      String text = words[c][r.nextInt(3)] + " for " + words[c][r.nextInt(3)] + " tool";
      lines.add("{\"text\":\"" + text + "\",\"label\":\"" + labels[c] + "\"}");
    }
    Path data = dir.resolve("tiny.json");
    Files.write(data, lines);
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      TextClassificationJob.main(
          new String[] {
            "--master",
            "local[2]",
            "--data",
            data.toString(),
            "--epochs",
            "2",
            "--output",
            dir.resolve("out").toString()
          });
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("Data: " + data + " (90 rows)"), out);
    assertTrue(
        out.contains("Bidirectional(LSTM) on token ids")
            && out.contains("TF-IDF + LogisticRegression"),
        out);
    assertTrue(Files.isDirectory(dir.resolve("out").resolve("pipeline")), out);
    assertTrue(out.contains("-> "), out);
  }

  @Test
  void packageIndexStanzasAreParsed() throws Exception {
    String status =
        "Package: a\nSection: universe/python\nDescription: Python tool\n more text\n\n"
            + "Package: b\nSection: libs\nDescription: shared library\n\nPackage: c\nDescription: no section\n";
    List<PackageIndex.Entry> e =
        PackageIndex.parse(new java.io.BufferedReader(new java.io.StringReader(status)));
    assertEquals(
        List.of(
            new PackageIndex.Entry("Python tool", "python"),
            new PackageIndex.Entry("shared library", "libs")),
        e);
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> TextClassificationJob.parse(new String[] {"--epochs"}));
    assertTrue(e.getMessage().contains("Option --epochs needs a value"));
  }
}
