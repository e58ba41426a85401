package org.birnn.layers.saving.keras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.birnn.layers.models.Model;
import org.birnn.layers.models.ModelIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Legacy HDF5 model files ({@code model.save("m.h5")}): written by tf.keras 2.15 (Keras 2 configs,
 * {@code :0} weight names) and by Keras 3.12's legacy writer, loaded by {@link ModelIO#load} and
 * predicting within 1e-5 of the Keras that wrote them.
 */
class LegacyH5FilesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "tf_keras_2_15_1_stacked_lstm_gru.h5, tf_keras_2_15_1_stacked_lstm_gru",
    "tf_keras_2_15_1_functional_simple_rnn_merge_none.h5,"
        + " tf_keras_2_15_1_functional_simple_rnn_merge_none",
    // weight_names split into weight_names0, weight_names1, as Keras 2 splits large attributes
    "tf_keras_2_15_1_stacked_lstm_gru_split.h5, tf_keras_2_15_1_stacked_lstm_gru",
    "stacked_lstm_gru.h5, stacked_lstm_gru",
    "functional_merge_none_pooling.h5, functional_merge_none_pooling"
  })
  void legacyModelsLoadAndPredictAsKeras(String file, String id) throws IOException {
    Model model = ModelIO.load(KerasFileFixtures.copy(file, dir));
    KerasFileFixtures.assertPredictsAsKeras(model, id, dir);
  }

  @Test
  void legacyWeightsLoadIntoAModelOfTheSameConfig() throws IOException {
    Model model = ModelIO.load(KerasFileFixtures.copy("stacked_lstm_gru.keras", dir));
    // The tf.keras model has the same architecture, other weights and other layer names (its
    // layers are matched in order, as Keras does): its predictions follow.
    ModelIO.loadWeights(model, KerasFileFixtures.copy("tf_keras_2_15_1_stacked_lstm_gru.h5", dir));
    KerasFileFixtures.assertPredictsAsKeras(model, "tf_keras_2_15_1_stacked_lstm_gru", dir);
  }

  @Test
  void aLegacyFileOfAnotherModelNamesTheLayerCounts() throws IOException {
    Model model =
        ModelIO.load(
            KerasFileFixtures.copy("tf_keras_2_15_1_functional_simple_rnn_merge_none.h5", dir));
    Path other = KerasFileFixtures.copy("tf_keras_2_15_1_stacked_lstm_gru.h5", dir);
    IOException e = assertThrows(IOException.class, () -> ModelIO.loadWeights(model, other));
    assertTrue(
        e.getMessage()
            .startsWith(
                other
                    + " holds weights for 4 layers [model_weights/embedding,"
                    + " model_weights/bidirectional, model_weights/bidirectional_1,"
                    + " model_weights/dense]; the model has 2 layers with weights"),
        e.getMessage());
  }
}
