package org.birnn.layers.saving.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.birnn.layers.core.Dense;
import org.birnn.layers.core.Embedding;
import org.birnn.layers.crf.CRF;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.GRU;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ModelIO#saveKeras}: archives in Keras 3's layout that read back bit for bit. That Keras
 * itself loads them and predicts the same is checked by the Python suite ({@code
 * test_keras_files.py}), which has Keras installed.
 */
class KerasExportTest {
  @TempDir Path dir;

  @ParameterizedTest
  @MethodSource("org.birnn.layers.saving.keras.KerasFileFixtures#keras312")
  void exportedArchivesReadBackBitForBit(String id) throws IOException {
    Model model = ModelIO.load(KerasFileFixtures.copy(id + ".keras", dir));
    Path out = dir.resolve(id + "-exported.keras");
    ModelIO.saveKeras(model, out);

    Model back = ModelIO.load(out);
    INDArray x = KerasFileFixtures.input(id, dir);
    assertEquals(model.predict(x), back.predict(x), id);
    KerasFileFixtures.assertPredictsAsKeras(back, id, dir);
    List<INDArray> w = model.getWeights();
    List<INDArray> wb = back.getWeights();
    for (int i = 0; i < w.size(); i++) {
      assertEquals(w.get(i), wb.get(i), id + " weight " + i);
    }
  }

  @Test
  void theArchiveHasKerasEntriesAndLayout() throws IOException {
    Model model = ModelIO.load(KerasFileFixtures.copy("stacked_lstm_gru.keras", dir));
    Path out = dir.resolve("exported.keras");
    ModelIO.saveKeras(model, out);
    try (ZipFile zip = new ZipFile(out.toFile())) {
      JsonNode meta = KerasJson.MAPPER.readTree(zip.getInputStream(zip.getEntry("metadata.json")));
      assertEquals("3.12.0", meta.get("keras_version").asText());
      JsonNode config = KerasJson.MAPPER.readTree(zip.getInputStream(zip.getEntry("config.json")));
      assertEquals("Sequential", config.get("class_name").asText());
      byte[] h5 = zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes();
      try (Hdf5 file = Hdf5.of(h5, "exported")) {
        // The second Bidirectional is bidirectional_1; a GRU cell keeps 3 variables.
        assertEquals(
            3, file.numberedArrays("layers/bidirectional_1/forward_layer/cell/vars").size());
        assertArrayEquals(
            new long[] {12, 4}, file.numberedArrays("layers/embedding/vars").get(0).shape());
      }
    }
    // The weights file inside is what Keras's load_weights reads, too.
    Model fresh = Model.fromJson(model.toJson());
    Path weights = dir.resolve("exported.weights.h5");
    try (ZipFile zip = new ZipFile(out.toFile())) {
      Files.write(weights, zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes());
    }
    ModelIO.loadWeights(fresh, weights);
    KerasFileFixtures.assertPredictsAsKeras(fresh, "stacked_lstm_gru", dir);
  }

  @Test
  void aModelTrainedHereReadsBackBitForBit() throws IOException {
    Model model =
        Sequential.of(
            Input.shape(-1),
            Embedding.builder().inputDim(9).outputDim(4).maskZero(true).build(),
            Bidirectional.of(GRU.builder().units(3).build()),
            Dense.builder()
                .units(2)
                .activation(org.birnn.layers.activations.Activation.SOFTMAX)
                .build());
    model.compile(
        Loss.get("sparse_categorical_crossentropy"), Optimizer.get("adam", 0.05), List.of());
    INDArray x = Nd4j.create(new double[][] {{1, 2, 3, 0}, {4, 5, 0, 0}, {6, 7, 8, 2}});
    INDArray y = Nd4j.create(new double[] {0, 1, 1}).reshape(3, 1);
    for (int i = 0; i < 3; i++) {
      model.trainOnBatch(x, y);
    }
    Path out = dir.resolve("trained.keras");
    ModelIO.saveKeras(model, out);
    assertEquals(model.predict(x), ModelIO.load(out).predict(x));
  }

  @Test
  void aLayerKerasLacksIsRefusedByName() {
    Model tagger =
        Sequential.of(
            Input.shape(-1),
            Embedding.builder().inputDim(7).outputDim(3).maskZero(true).build(),
            Dense.builder().units(3).build(),
            CRF.builder().build());
    tagger.build(List.of(Nd4j.zeros(2, 4)));
    Path out = dir.resolve("crf.keras");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelIO.saveKeras(tagger, out));
    assertTrue(e.getMessage().contains("is a CRF, which Keras does not have"), e.getMessage());
    assertTrue(Files.notExists(out), "no file is left behind");
  }
}
