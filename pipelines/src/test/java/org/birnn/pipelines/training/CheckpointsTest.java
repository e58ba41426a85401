package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files: atomic, checksummed, kept two deep, and read back from the newest good one. */
class CheckpointsTest {
  private static final Configuration CONF = new Configuration();
  private static final TrainingFingerprint PRINT =
      new TrainingFingerprint("net/1", "frequency=2", "train:10 rows");
  @TempDir Path dir;

  static Checkpoints.State state(int round) {
    float[] params = new float[50];
    for (int i = 0; i < params.length; i++) {
      params[i] = round + i / 100f;
    }
    return new Checkpoints.State(PRINT, "key", 1, round % 3, round, 10L * round, params, params);
  }

  private String uri() {
    return dir.toUri().toString();
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("birnn-checkpoint-"))
          .sorted()
          .toList();
    }
  }

  @Test
  void theNewestTwoAreKeptAndTheNewestIsRead() throws IOException {
    for (int round = 1; round <= 4; round++) {
      Checkpoints.write(uri(), state(round), CONF);
    }
    assertEquals(2, files().size(), "only the newest " + Checkpoints.KEEP + " stay: " + files());
    Checkpoints.State s = Checkpoints.read(uri(), CONF);
    assertEquals(4, s.globalRound());
    assertEquals(PRINT, s.fingerprint());
    assertArrayEquals(state(4).params(), s.params(), 0f);
    assertEquals(40L, s.iterations());
  }

  @Test
  void aNewestCheckpointCutShortFallsBackToThePreviousOne() throws IOException {
    Checkpoints.write(uri(), state(1), CONF);
    Checkpoints.write(uri(), state(2), CONF);
    Path newest = files().get(1);
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertEquals(1, Checkpoints.read(uri(), CONF).globalRound());
  }

  @Test
  void aNewestCheckpointWithAFlippedBitFallsBackToThePreviousOne() throws IOException {
    Checkpoints.write(uri(), state(1), CONF);
    Checkpoints.write(uri(), state(2), CONF);
    Path newest = files().get(1);
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length - 20] ^= 0x10; // inside the optimizer state: only the checksum notices
    Files.write(newest, bytes);
    assertEquals(1, Checkpoints.read(uri(), CONF).globalRound());
  }

  @Test
  void noReadableCheckpointIsAnErrorNamingEachFile() throws IOException {
    Checkpoints.write(uri(), state(1), CONF);
    Files.write(files().get(0), new byte[] {1, 2, 3});
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> Checkpoints.read(uri(), CONF));
    assertTrue(e.getMessage().contains("No readable checkpoint"), e.getMessage());
    assertTrue(e.getMessage().contains("birnn-checkpoint-0000000001.bin"), e.getMessage());
  }

  @Test
  void anEmptyOrMissingDirectoryHasNoCheckpoint() {
    assertNull(Checkpoints.read(uri(), CONF));
    assertNull(Checkpoints.read(dir.resolve("absent").toUri().toString(), CONF));
  }

  @Test
  void twoWritersInOneDirectoryNeverCollide() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int offset = w * 100;
        done.add(
            pool.submit(
                () -> {
                  for (int round = 1; round <= 15; round++) {
                    Checkpoints.write(uri(), state(offset + round), CONF);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(115, Checkpoints.read(uri(), CONF).globalRound());
  }

  @Test
  void declaredSizesAreCheckedBeforeAllocating() throws IOException {
    byte[] good = Checkpoints.encode(state(3));
    // Overwrite 4 bytes anywhere with a huge or negative int: every damaged file must read as an
    // IOException (or a header error), never OutOfMemoryError or NegativeArraySizeException.
    Random r = new Random(5);
    for (int trial = 0; trial < 300; trial++) {
      byte[] bad = good.clone();
      int at = r.nextInt(bad.length - 4);
      ByteBuffer.wrap(bad, at, 4).putInt(r.nextBoolean() ? Integer.MAX_VALUE : -r.nextInt(1000));
      // A valid checksum over the damage, so the parser itself has to catch it.
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(bad, 0, bad.length - 8);
      ByteBuffer.wrap(bad, bad.length - 8, 8).putLong(crc.getValue());
      try {
        Checkpoints.decode(bad, "mutant " + trial);
      } catch (IOException | IllegalArgumentException expected) {
        // a clear failure
      }
    }
    IOException cut =
        assertThrows(
            IOException.class,
            () -> Checkpoints.decode(java.util.Arrays.copyOf(good, good.length - 9), "cut"));
    assertTrue(cut.getMessage().startsWith("cut"), cut.getMessage());
  }
}
