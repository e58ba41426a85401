package org.birnn.layers.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.birnn.layers.Layer;
import org.birnn.layers.core.Dense;
import org.birnn.layers.saving.config.KerasJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Layers register themselves; every built-in class reads and writes the same config. */
class LayerRegistryTest {
  static Stream<String> serialized() {
    return Stream.of(
        "{\"class_name\":\"InputLayer\",\"config\":{\"batch_shape\":[null,5,3],\"dtype\":\"float32\",\"sparse\":false,\"ragged\":false,\"name\":\"in\",\"optional\":false}}",
        "{\"class_name\":\"Dense\",\"config\":{\"name\":\"d\",\"units\":4,\"activation\":\"relu\"}}",
        "{\"class_name\":\"Embedding\",\"config\":{\"name\":\"e\",\"input_dim\":9,\"output_dim\":2,\"mask_zero\":true}}",
        "{\"class_name\":\"Masking\",\"config\":{\"name\":\"m\",\"mask_value\":-1.0}}",
        "{\"class_name\":\"Dropout\",\"config\":{\"name\":\"dr\",\"rate\":0.25,\"seed\":3}}",
        "{\"class_name\":\"Concatenate\",\"config\":{\"name\":\"c\",\"axis\":1}}",
        "{\"class_name\":\"Add\",\"config\":{\"name\":\"a\"}}",
        "{\"class_name\":\"GlobalAveragePooling1D\",\"config\":{\"name\":\"p\"}}",
        "{\"class_name\":\"GlobalMaxPooling1D\",\"config\":{\"name\":\"q\"}}",
        "{\"class_name\":\"LSTM\",\"config\":{\"name\":\"l\",\"units\":3}}",
        "{\"class_name\":\"GRU\",\"config\":{\"name\":\"g\",\"units\":3,\"reset_after\":false}}",
        "{\"class_name\":\"SimpleRNN\",\"config\":{\"name\":\"s\",\"units\":3}}",
        "{\"class_name\":\"Bidirectional\",\"config\":{\"name\":\"b\",\"merge_mode\":\"sum\","
            + "\"layer\":{\"class_name\":\"GRU\",\"config\":{\"name\":\"g2\",\"units\":2}}}}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serialized")
  void everyBuiltInLayerRoundTripsThroughTheRegistry(String json) {
    Layer layer = LayerRegistry.deserialize(KerasJson.parse(json));
    assertEquals(KerasJson.parse(json).get("class_name").asText(), layer.className());
    ObjectNode written = LayerRegistry.serialize(layer);
    assertEquals("keras.layers", written.get("module").asText());
    Layer again = LayerRegistry.deserialize(written);
    assertEquals(KerasJson.write(layer.getConfig()), KerasJson.write(again.getConfig()));
  }

  @Test
  void unknownClassesNameTheKnownOnesAndUserLayersCanRegister() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LayerRegistry.fromConfig("Conv1D", KerasJson.object()));
    assertTrue(
        e.getMessage().startsWith("Unknown layer class 'Conv1D'; known: Add, Bidirectional"));
    LayerRegistry.register(
        "TwoUnitDense",
        (JsonNode c) -> Dense.builder().units(2).name(c.path("name").asText()).build());
    Layer mine = LayerRegistry.fromConfig("TwoUnitDense", KerasJson.parse("{\"name\":\"x\"}"));
    assertEquals("x", mine.name());
  }
}
