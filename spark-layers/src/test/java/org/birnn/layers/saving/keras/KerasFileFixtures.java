package org.birnn.layers.saving.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.birnn.layers.KerasFixtures;
import org.birnn.layers.models.Model;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The Keras-written files under {@code /keras/files/} and their predictions. */
final class KerasFileFixtures {
  private KerasFileFixtures() {}

  /** The models Keras 3.12 wrote as archive and weights file (a JUnit method source). */
  static java.util.stream.Stream<String> keras312() {
    return java.util.stream.Stream.of(
        "stacked_lstm_gru",
        "masked_gru_reset_before_sum",
        "masked_gru_mul",
        "simple_rnn_backward_layer_ave",
        "functional_merge_none_pooling",
        "functional_mask_ops",
        "tagger_lstm");
  }

  /** Copies resource {@code /keras/files/<name>} into {@code dir}: a real file, as users have. */
  static Path copy(String name, Path dir) throws IOException {
    Path out = dir.resolve(name);
    if (!Files.exists(out)) {
      try (InputStream in = KerasFileFixtures.class.getResourceAsStream("/keras/files/" + name)) {
        if (in == null) {
          throw new IOException("no test resource /keras/files/" + name);
        }
        Files.copy(in, out);
      }
    }
    return out;
  }

  /** The input of fixture {@code id}. */
  static INDArray input(String id, Path dir) throws IOException {
    return tensor(id, "input", dir);
  }

  /** The tensor {@code key} of fixture {@code id}. */
  static INDArray tensor(String id, String key, Path dir) throws IOException {
    return KerasFixtures.tensor(record(id, dir).get(key));
  }

  private static JsonNode record(String id, Path dir) throws IOException {
    return KerasJson.MAPPER.readTree(Files.readAllBytes(copy(id + ".json", dir)));
  }

  /** Asserts that {@code model} predicts within 1e-5 of what Keras saved for fixture {@code id}. */
  static void assertPredictsAsKeras(Model model, String id, Path dir) throws IOException {
    JsonNode f = record(id, dir);
    INDArray expected = KerasFixtures.tensor(f.get("expected_predictions"));
    INDArray got = model.predict(KerasFixtures.tensor(f.get("input")));
    assertEquals(Arrays.toString(expected.shape()), Arrays.toString(got.shape()), id);
    double[] e = expected.castTo(DataType.DOUBLE).data().asDouble();
    double[] g = got.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], g[i], 1e-5, id + " prediction " + i);
    }
  }
}
