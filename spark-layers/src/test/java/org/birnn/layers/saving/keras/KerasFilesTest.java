package org.birnn.layers.saving.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.birnn.layers.KerasFixtures;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Files Keras 3.12 wrote ({@code src/test/keras/generate_fixtures.py}): each {@code .keras} archive
 * loads into a model, and each {@code .weights.h5} into a model built from the archive's config,
 * that predicts within 1e-5 of Keras's own saved predictions.
 */
class KerasFilesTest {
  @TempDir Path dir;

  private Path resource(String name) throws IOException {
    Path out = dir.resolve(name);
    try (InputStream in = KerasFilesTest.class.getResourceAsStream("/keras/files/" + name)) {
      Files.copy(in, out);
    }
    return out;
  }

  private void assertPredictsAsKeras(Model model, String id) throws IOException {
    JsonNode f = KerasJson.MAPPER.readTree(Files.readAllBytes(resource(id + ".json")));
    INDArray expected = KerasFixtures.tensor(f.get("expected_predictions"));
    INDArray got = model.predict(KerasFixtures.tensor(f.get("input")));
    assertEquals(Arrays.toString(expected.shape()), Arrays.toString(got.shape()), id);
    double[] e = expected.castTo(DataType.DOUBLE).data().asDouble();
    double[] g = got.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], g[i], 1e-5, id + " prediction " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "stacked_lstm_gru",
        "masked_gru_reset_before_sum",
        "simple_rnn_backward_layer_ave",
        "functional_merge_none_pooling",
        "tagger_lstm"
      })
  void kerasArchivesLoadAndPredictAsKeras(String id) throws IOException {
    Model model = ModelIO.load(resource(id + ".keras"));
    assertPredictsAsKeras(model, id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "stacked_lstm_gru",
        "masked_gru_reset_before_sum",
        "simple_rnn_backward_layer_ave",
        "functional_merge_none_pooling",
        "tagger_lstm"
      })
  void weightFilesLoadIntoAModelBuiltFromItsConfig(String id) throws IOException {
    Path archive = resource(id + ".keras");
    String config;
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      ZipEntry e = zip.getEntry("config.json");
      config =
          new String(zip.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Model model = Model.fromJson(config);
    ModelIO.loadWeights(model, resource(id + ".weights.h5"));
    assertPredictsAsKeras(model, id);
  }

  @org.junit.jupiter.api.Test
  void aWeightFileOfAnotherModelNamesTheGroupAndTheCounts() throws IOException {
    Model model = ModelIO.load(resource("stacked_lstm_gru.keras"));
    IOException e =
        assertThrows(
            IOException.class,
            () -> ModelIO.loadWeights(model, resource("masked_gru_reset_before_sum.weights.h5")));
    assertTrue(
        e.getMessage().contains("masked_gru_reset_before_sum.weights.h5")
            && e.getMessage().contains("layers/"),
        e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aLegacyOrForeignHdf5FileIsAClearError() throws IOException {
    IOException legacy =
        assertThrows(
            IOException.class, () -> ModelIO.load(resource("stacked_lstm_gru.weights.h5")));
    assertTrue(legacy.getMessage().contains("is an HDF5 file"), legacy.getMessage());
    Path notHdf5 = dir.resolve("not.weights.h5");
    Files.writeString(notHdf5, "hello");
    IOException e =
        assertThrows(
            IOException.class,
            () -> ModelIO.loadWeights(ModelIO.load(resource("stacked_lstm_gru.keras")), notHdf5));
    assertEquals(notHdf5 + " is not an HDF5 file (no HDF5 signature)", e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void snakeCaseFollowsKeras() {
    assertEquals("global_max_pooling1d", KerasWeights.snakeCase("GlobalMaxPooling1D"));
    assertEquals("simple_rnn", KerasWeights.snakeCase("SimpleRNN"));
    assertEquals("bidirectional", KerasWeights.snakeCase("Bidirectional"));
    assertEquals("lstm", KerasWeights.snakeCase("LSTM"));
  }
}
