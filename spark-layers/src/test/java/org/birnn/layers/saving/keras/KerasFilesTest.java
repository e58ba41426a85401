package org.birnn.layers.saving.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Files Keras wrote ({@code src/test/keras/generate_fixtures.py} with Keras 3.12, {@code
 * generate_older_fixtures.py} with Keras 3.5 and tf.keras 2.15): each {@code .keras} archive loads
 * into a model, and each {@code .weights.h5} into a model built from the archive's config, that
 * predicts within 1e-5 of Keras's own saved predictions.
 */
class KerasFilesTest {
  @TempDir Path dir;

  private Path resource(String name) throws IOException {
    return KerasFileFixtures.copy(name, dir);
  }

  private void assertPredictsAsKeras(Model model, String id) throws IOException {
    KerasFileFixtures.assertPredictsAsKeras(model, id, dir);
  }

  /** Every archive: Keras 3.12's models and the older Keras versions' (a method source). */
  static java.util.stream.Stream<String> archives() {
    return java.util.stream.Stream.concat(
        KerasFileFixtures.keras312(),
        java.util.stream.Stream.of(
            // Keras 3.5, before 3.6's saving changes (no name attributes, string dtypes in configs)
            "keras_3_5_0_stacked_lstm_gru",
            "keras_3_5_0_functional_simple_rnn_merge_none",
            // tf.keras 2.15's .keras archives: Keras 2 configs (batch_input_shape, dtype strings)
            "tf_keras_2_15_1_stacked_lstm_gru",
            "tf_keras_2_15_1_functional_simple_rnn_merge_none",
            // tf.keras 2.13's layout, its top group named _layer_checkpoint_dependencies
            "tf_keras_2_13_layout_stacked_lstm_gru"));
  }

  @ParameterizedTest
  @MethodSource("archives")
  void kerasArchivesLoadAndPredictAsKeras(String id) throws IOException {
    Model model = ModelIO.load(resource(id + ".keras"));
    assertPredictsAsKeras(model, id);
  }

  @org.junit.jupiter.api.Test
  void aMissingVariableNamesTheGroupAndTheCounts() throws IOException {
    Path file = resource("broken_missing_var.keras");
    IOException e = assertThrows(IOException.class, () -> ModelIO.load(file));
    assertTrue(
        e.getMessage()
            .startsWith(
                file
                    + "!model.weights.h5: expected 3 variables under"
                    + " layers/bidirectional/forward_layer/cell/vars for "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(", found 2"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("org.birnn.layers.saving.keras.KerasFileFixtures#keras312")
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
  void aWeightsOnlyOrForeignHdf5FileIsAClearError() throws IOException {
    IOException weightsOnly =
        assertThrows(
            IOException.class, () -> ModelIO.load(resource("stacked_lstm_gru.weights.h5")));
    assertTrue(
        weightsOnly.getMessage().contains("without a model_config attribute: a weights-only file"),
        weightsOnly.getMessage());
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

  @ParameterizedTest
  @ValueSource(ints = {10, 50, 90, 99})
  void aTruncatedArchiveOrWeightsFileIsAnErrorNamingIt(int percent) throws IOException {
    byte[] archive = Files.readAllBytes(resource("stacked_lstm_gru.keras"));
    Path cut = dir.resolve("cut.keras");
    Files.write(cut, Arrays.copyOf(archive, archive.length * percent / 100));
    IOException a = assertThrows(IOException.class, () -> ModelIO.load(cut));
    assertTrue(a.getMessage().startsWith(cut.toString()), a.getMessage());

    byte[] weights = Files.readAllBytes(resource("stacked_lstm_gru.weights.h5"));
    Path cutWeights = dir.resolve("cut.weights.h5");
    Files.write(cutWeights, Arrays.copyOf(weights, weights.length * percent / 100));
    Model model = ModelIO.load(resource("stacked_lstm_gru.keras"));
    IOException w = assertThrows(IOException.class, () -> ModelIO.loadWeights(model, cutWeights));
    assertTrue(w.getMessage().startsWith(cutWeights.toString()), w.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aLayerClassThisBuildLacksIsNamed() throws IOException {
    Path file = dir.resolve("conv.keras");
    try (ZipFile in = new ZipFile(resource("stacked_lstm_gru.keras").toFile());
        java.util.zip.ZipOutputStream out =
            new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        byte[] data = in.getInputStream(e).readAllBytes();
        if (e.getName().equals("config.json")) {
          data =
              new String(data, java.nio.charset.StandardCharsets.UTF_8)
                  .replace("\"Dense\"", "\"Conv1D\"")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(data);
        out.closeEntry();
      }
    }
    IOException e = assertThrows(IOException.class, () -> ModelIO.load(file));
    assertTrue(
        e.getMessage().startsWith(file + "!config.json has a model this build cannot read")
            && e.getMessage().contains("Unknown layer class 'Conv1D'"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trained_adam", "trained_rmsprop_centered_momentum"})
  void anArchiveWithOptimizerStateTrainsOnAsKerasDid(String id) throws IOException {
    Model model = ModelIO.load(resource(id + ".keras"));
    assertPredictsAsKeras(model, id);
    assertTrue(model.isCompiled(), id + " is compiled as Keras compiled it");
    assertEquals(2, model.iterations(), "Keras took two steps before saving");
    INDArray x = KerasFileFixtures.input(id, dir);
    INDArray y = KerasFileFixtures.tensor(id, "targets", dir).reshape(-1, 1);
    model.trainOnBatch(x, y);
    // The third step uses the restored moments and iteration count: with a fresh state it would
    // land elsewhere (Adam's first step moves every weight by about the learning rate).
    INDArray expected = KerasFileFixtures.tensor(id, "expected_after_one_more_step", dir);
    INDArray got = model.predict(x);
    for (int i = 0; i < expected.length(); i++) {
      assertEquals(
          expected.getDouble(i), got.reshape(-1).getDouble(i), 1e-5, id + " after step 3, " + i);
    }
    assertEquals(3, model.iterations());
  }

  @org.junit.jupiter.api.Test
  void aKerasOpInTheDataPathIsRefusedByName() throws IOException {
    String config;
    try (ZipFile zip = new ZipFile(resource("functional_mask_ops.keras").toFile())) {
      config =
          new String(
              zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
    }
    // The pooling reads its mask (the output of the op Any) as its data.
    com.fasterxml.jackson.databind.JsonNode json = KerasJson.MAPPER.readTree(config);
    String any = null;
    for (com.fasterxml.jackson.databind.JsonNode l : json.path("config").path("layers")) {
      if (l.path("class_name").asText().equals("GlobalAveragePooling1D")) {
        com.fasterxml.jackson.databind.JsonNode node = l.path("inbound_nodes").get(0);
        com.fasterxml.jackson.databind.JsonNode mask = node.path("kwargs").path("mask");
        any = mask.path("config").path("keras_history").get(0).asText();
        ((com.fasterxml.jackson.databind.node.ArrayNode) node.path("args")).set(0, mask);
      }
    }
    String opAsData = KerasJson.write(json);
    String op = any;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Model.fromJson(opAsData));
    assertTrue(
        e.getMessage().contains("takes the output of Keras op Any ('" + op + "') as data"),
        e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void anArchiveWithNumPyWeightsIsRefusedByName() throws IOException {
    Path file = resource("npz_weights.keras");
    IOException e = assertThrows(IOException.class, () -> ModelIO.load(file));
    assertEquals(
        file
            + " keeps its weights in model.weights.npz (pickled Keras variable objects of the backend that wrote it), which is"
            + " not read: save it from Keras with the default weights format (.h5)",
        e.getMessage());
  }
}
