package org.birnn.layers.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.birnn.layers.KerasFixtures;
import org.birnn.layers.models.Model;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A masked bidirectional tagger's per-step sparse categorical cross-entropy against Keras 3's own
 * {@code evaluate} (fixtures written by {@code src/test/keras/generate_fixtures.py}): padding steps
 * carry random tags, so a loss that counted them would differ by far more than the tolerance.
 */
class MaskedSequenceLossKerasTest {
  private static JsonNode fixture(String id) throws IOException {
    try (InputStream in =
        MaskedSequenceLossKerasTest.class.getResourceAsStream("/keras/" + id + ".json")) {
      return KerasJson.MAPPER.readTree(in);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"masked_tagger_lstm_concat", "masked_tagger_gru_sum"})
  void lossAndPredictionsMatchKeras(String id) throws IOException {
    JsonNode f = fixture(id);
    Model model = Model.fromJson(f.get("model_json").asText());
    INDArray x = KerasFixtures.tensor(f.get("input"));
    model.predict(x);
    List<INDArray> weights = new ArrayList<>();
    f.get("weights").forEach(w -> weights.add(KerasFixtures.tensor(w)));
    model.setWeights(weights);
    model.compile("sparse_categorical_crossentropy", "adam");

    INDArray expected = KerasFixtures.tensor(f.get("expected_predictions"));
    INDArray got = model.predict(x);
    assertEquals(Arrays.toString(expected.shape()), Arrays.toString(got.shape()));
    double[] e = expected.castTo(DataType.DOUBLE).data().asDouble();
    double[] g = got.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], g[i], 1e-5 + 1e-4 * Math.abs(e[i]), "prediction " + i);
    }
    double loss = model.evaluate(x, KerasFixtures.tensor(f.get("targets"))).get("loss");
    assertEquals(f.get("expected_loss").asDouble(), loss, 1e-5, "masked per-step loss");
  }
}
