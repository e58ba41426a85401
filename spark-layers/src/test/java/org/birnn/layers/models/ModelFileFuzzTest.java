package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.LSTM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A damaged or hostile model file fails with an {@link IOException} naming it, never an {@code
 * OutOfMemoryError}, {@code NegativeArraySizeException} or {@code NullPointerException}: seeded
 * random mutations of a valid file, of the zip and of each entry behind a valid zip (and, for the
 * tensor files, a valid checksum), run a bounded number of inputs.
 */
class ModelFileFuzzTest {
  /** Inputs per run; {@code -Dfuzz.inputs=N -Dfuzz.seed=S} runs more or others. */
  private static final int INPUTS = Integer.getInteger("fuzz.inputs", 400);

  private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
  private static byte[] valid;
  private static Map<String, byte[]> entries;

  @BeforeAll
  static void writeAValidFile() throws IOException {
    Sequential model =
        Sequential.of(
            Input.shape(3, 2),
            Bidirectional.of(LSTM.of(3)),
            Dense.builder().units(2).activation(Activation.SOFTMAX).build());
    model.compile("categorical_crossentropy", "adam");
    ModelTestData d = new ModelTestData(4, 3, 2, 2, 11);
    model.trainOnBatch(d.x, d.y);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelIO.write(model, out);
    valid = out.toByteArray();
    entries = unzip(valid);
  }

  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  static byte[] zip(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** Reads {@code bytes}: a model or an IOException are fine, anything else fails the test. */
  private static void readOrRefuse(byte[] bytes, String what) {
    try {
      ModelIO.read(new ByteArrayInputStream(bytes), what);
    } catch (IOException expected) {
      assertTrue(expected.getMessage().contains(what), "names the file: " + expected.getMessage());
    } catch (Throwable t) {
      fail(what + " threw " + t, t);
    }
  }

  private static byte[] flip(byte[] data, Random r, int flips) {
    byte[] out = data.clone();
    for (int i = 0; i < flips; i++) {
      out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
    }
    return out;
  }

  /** Overwrites 4 bytes with a hostile int, then recomputes the tensor file's CRC trailer. */
  private static byte[] hostileTensors(byte[] data, Random r) {
    byte[] out = data.clone();
    int at = 8 + r.nextInt(out.length - 8 - 12);
    int[] values = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1 << 30, r.nextInt()};
    ByteBuffer.wrap(out, at, 4).putInt(values[r.nextInt(values.length)]);
    CRC32 crc = new CRC32();
    crc.update(out, 0, out.length - 8);
    ByteBuffer.wrap(out, out.length - 8, 8).putLong(crc.getValue());
    return out;
  }

  @Test
  void theValidFileReads() throws IOException {
    ModelIO.read(new ByteArrayInputStream(valid), "valid");
  }

  @Test
  void mutatedFilesAreRefusedWithAnIoException() throws IOException {
    Random r = new Random(SEED);
    String[] names = entries.keySet().toArray(new String[0]);
    for (int i = 0; i < INPUTS; i++) {
      String what = "mutant-" + i;
      int kind = i % 4;
      if (kind == 0) {
        readOrRefuse(flip(valid, r, 1 + r.nextInt(4)), what);
      } else if (kind == 1) {
        readOrRefuse(java.util.Arrays.copyOf(valid, r.nextInt(valid.length)), what);
      } else {
        Map<String, byte[]> files = new LinkedHashMap<>(entries);
        String name = names[r.nextInt(names.length)];
        byte[] data = files.get(name);
        files.put(
            name, name.endsWith(".bin") && kind == 2 ? hostileTensors(data, r) : flip(data, r, 1));
        readOrRefuse(zip(files), what);
      }
    }
  }

  @Test
  void aFileCutAtAnEntryBoundaryIsRefused() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>(entries);
    files.remove("optimizer.bin");
    IOException e =
        assertThrows(
            IOException.class, () -> ModelIO.read(new ByteArrayInputStream(zip(files)), "cut"));
    assertTrue(
        e.getMessage().contains("entry optimizer.bin is listed but missing"), e.getMessage());
  }

  @Test
  void aConfigDeclaringHugeWeightsIsRefusedBeforeAllocating() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>(entries);
    String config = new String(files.get("config.json"), StandardCharsets.UTF_8);
    assertTrue(config.contains("\"units\":3"), config);
    files.put(
        "config.json",
        config.replace("\"units\":3", "\"units\":1000000000").getBytes(StandardCharsets.UTF_8));
    IOException e =
        assertThrows(
            IOException.class, () -> ModelIO.read(new ByteArrayInputStream(zip(files)), "huge"));
    assertTrue(e.getMessage().contains("declares units = 1000000000"), e.getMessage());
  }
}
