package org.birnn.layers.saving.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged Keras HDF5 file fails with an {@link IOException} naming it, never another exception or
 * an allocation the file's size does not justify: seeded random mutations of a Keras-written
 * weights file and of a legacy model file.
 */
class KerasFileFuzzTest {
  /** Inputs per file; {@code -Dfuzz.inputs=N -Dfuzz.seed=S} runs more or others. */
  private static final int INPUTS = Integer.getInteger("fuzz.inputs", 300);

  private static final long SEED = Long.getLong("fuzz.seed", 20261130L);

  @TempDir Path dir;

  @Test
  void mutatedWeightFilesFailWithIoExceptionsOnly() throws IOException {
    byte[] valid = Files.readAllBytes(KerasFileFixtures.copy("stacked_lstm_gru.weights.h5", dir));
    Model model = ModelIO.load(KerasFileFixtures.copy("stacked_lstm_gru.keras", dir));
    Random r = new Random(SEED);
    int failed = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] bad = mutate(valid, r);
      Path file = dir.resolve("fuzz.weights.h5");
      Files.write(file, bad);
      try {
        ModelIO.loadWeights(model, file);
      } catch (IOException e) {
        failed++;
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      } catch (RuntimeException | OutOfMemoryError e) {
        fail("input " + i + " (seed " + SEED + "): " + e, e);
      }
    }
    // Most mutations land in weights (read as other numbers) or unused bytes; many in structure.
    assertTrue(failed > INPUTS / 20, failed + " of " + INPUTS + " failed");
  }

  @Test
  void mutatedLegacyModelsFailWithIoExceptionsOnly() throws IOException {
    byte[] valid =
        Files.readAllBytes(KerasFileFixtures.copy("tf_keras_2_15_1_stacked_lstm_gru.h5", dir));
    Random r = new Random(SEED + 1);
    for (int i = 0; i < INPUTS; i++) {
      byte[] bad = mutate(valid, r);
      try {
        ModelIO.read(new ByteArrayInputStream(bad), "fuzz.h5");
      } catch (IOException e) {
        assertTrue(e.getMessage().startsWith("fuzz.h5"), e.getMessage());
      } catch (RuntimeException | OutOfMemoryError e) {
        fail("input " + i + " (seed " + (SEED + 1) + "): " + e, e);
      }
    }
  }

  /** A few random bytes overwritten, or a cut, past the 8-byte signature. */
  private static byte[] mutate(byte[] valid, Random r) {
    if (r.nextInt(8) == 0) {
      return java.util.Arrays.copyOf(valid, 8 + r.nextInt(valid.length - 8));
    }
    byte[] bad = valid.clone();
    for (int k = 1 + r.nextInt(4); k > 0; k--) {
      int at = 8 + r.nextInt(bad.length - 8);
      bad[at] = (byte) (r.nextInt(3) == 0 ? 0xff : r.nextInt(256));
    }
    return bad;
  }
}
