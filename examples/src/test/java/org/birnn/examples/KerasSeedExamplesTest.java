package org.birnn.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KerasSeedExamplesTest {
  @Test
  void bothSeedExamplesRunAndReportTheirLoss() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      KerasSeedExamples.main(new String[] {"2"});
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(
        out.contains("stacked Bidirectional(LSTM): loss")
            && out.contains("custom relu backward layer: loss"),
        out);
  }
}
