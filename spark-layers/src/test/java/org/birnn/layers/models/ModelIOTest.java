package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Saving and loading: exact round trips and clear failures on damaged files. */
class ModelIOTest {
  @TempDir Path dir;

  @Test
  void saveAndLoadIsBitExactAndKeepsTheOptimizerState() throws IOException {
    Sequential model = SequentialTest.stackedBidirectionalLstm();
    model.compile("categorical_crossentropy", "adam", "accuracy");
    ModelTestData d = new ModelTestData(32, 5, 10, 5, 8);
    model.fit(
        d.x, d.y, FitOptions.builder().epochs(1).batchSize(16).seed(1).progress(null).build());
    Path file = dir.resolve("model.birnn");
    model.save(file);
    Model loaded = ModelIO.load(file);
    assertEquals(model.predict(d.x), loaded.predict(d.x), "bit-identical predictions");
    assertEquals(model.iterations(), loaded.iterations());
    assertEquals(model.optimizerState(), loaded.optimizerState());
    assertEquals(List.of("accuracy"), loaded.metricNames());
    // Both continue identically from the restored optimizer state.
    assertEquals(model.trainOnBatch(d.x, d.y), loaded.trainOnBatch(d.x, d.y), 0.0);
    assertEquals(model.parameters(), loaded.parameters());
  }

  @Test
  void functionalModelsSaveToo() throws IOException {
    Model model = FunctionalModelTest.encoderWithConcatenatedStates("float32");
    Path file = dir.resolve("f.birnn");
    ModelIO.save(model, file);
    INDArray x = new ModelTestData(3, 5, 3, 3, 9).x;
    assertEquals(model.predict(x), ModelIO.load(file).predict(x));
  }

  private Path saved() throws IOException {
    Sequential model = SequentialTest.customBackwardLayer();
    Path file = dir.resolve("m.birnn");
    model.save(file);
    return file;
  }

  @Test
  void corruptedWeightsFailTheirChecksum() throws IOException {
    Path file = saved();
    byte[] zip = Files.readAllBytes(file);
    // Rewrite the archive with one weight byte flipped (entries are stored deflated, so edit the
    // weights entry itself).
    java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    try (java.util.zip.ZipInputStream in =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      java.util.zip.ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    entries.get("model.weights.bin")[100] ^= 0x10;
    try (java.util.zip.ZipOutputStream out =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      for (var en : entries.entrySet()) {
        out.putNextEntry(new java.util.zip.ZipEntry(en.getKey()));
        out.write(en.getValue());
        out.closeEntry();
      }
    }
    IOException e = assertThrows(IOException.class, () -> ModelIO.load(file));
    assertTrue(e.getMessage().contains("failed its checksum"), e.getMessage());
  }

  @Test
  void truncatedFileFailsClearly() throws IOException {
    Path file = saved();
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length / 3));
    IOException e = assertThrows(IOException.class, () -> ModelIO.load(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void newerFormatVersionIsRejectedWithAFix() throws IOException {
    Path file = dir.resolve("v.birnn");
    try (java.util.zip.ZipOutputStream out =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      out.putNextEntry(new java.util.zip.ZipEntry("metadata.json"));
      out.write("{\"format\":\"birnn-model\",\"formatVersion\":3}".getBytes());
      out.closeEntry();
      out.putNextEntry(new java.util.zip.ZipEntry("config.json"));
      out.write("{}".getBytes());
      out.closeEntry();
      out.putNextEntry(new java.util.zip.ZipEntry("model.weights.bin"));
      out.write(new byte[0]);
      out.closeEntry();
    }
    IOException e = assertThrows(IOException.class, () -> ModelIO.load(file));
    assertTrue(
        e.getMessage().contains("Unsupported format version 3")
            && e.getMessage().contains("Upgrade the library or re-save the model"),
        e.getMessage());
    IOException missing =
        assertThrows(IOException.class, () -> ModelIO.load(dir.resolve("nope.birnn")));
    assertTrue(missing.getMessage().contains("No model file at"), missing.getMessage());
  }
}
