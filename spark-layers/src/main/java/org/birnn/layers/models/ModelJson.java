package org.birnn.layers.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.birnn.layers.Layer;
import org.birnn.layers.core.InputLayer;
import org.birnn.layers.saving.LayerRegistry;
import org.birnn.layers.saving.config.KerasJson;

/**
 * Keras 3 {@code model.to_json()} for {@link Sequential} models (KERAS_SPEC SER7), and reading it
 * back, including configs written by Keras itself and Keras 2 configs whose first layer carries
 * {@code batch_input_shape}.
 */
public final class ModelJson {
  private ModelJson() {}

  /** The Keras 3 JSON object of a built {@link Sequential}. */
  public static ObjectNode toJson(Sequential model) {
    if (model.inputLayer() == null) {
      throw new IllegalStateException(
          "Sequential '"
              + model.name()
              + "' is not built: give it an Input or call it on data first");
    }
    ObjectNode c = KerasJson.object();
    c.put("name", model.name());
    c.put("trainable", true);
    c.set("dtype", KerasJson.dtypePolicy("float32"));
    ArrayNode layers = c.putArray("layers");
    layers.add(LayerRegistry.serialize(model.inputLayer()));
    for (Layer l : model.stack()) {
      layers.add(LayerRegistry.serialize(l));
    }
    c.set("build_input_shape", shape(model.inputLayer().batchShape()));
    ObjectNode o = KerasJson.serialized("keras", "Sequential", c);
    ObjectNode bc = KerasJson.object();
    bc.set("input_shape", shape(model.inputLayer().batchShape()));
    o.set("build_config", bc);
    return o;
  }

  private static ArrayNode shape(long[] s) {
    ArrayNode a = KerasJson.MAPPER.createArrayNode();
    for (long d : s) {
      if (d < 0) {
        a.addNull();
      } else {
        a.add(d);
      }
    }
    return a;
  }

  /** Compact JSON text of {@link #toJson}. */
  public static String toJsonString(Sequential model) {
    return KerasJson.write(toJson(model));
  }

  /**
   * Reads a {@code Sequential} model JSON (text of {@code model.to_json()}).
   *
   * @throws IllegalArgumentException for another model class or an unknown layer
   */
  public static Sequential fromJson(String json) {
    return fromJson(KerasJson.parse(json));
  }

  /** Reads a {@code Sequential} model JSON object. */
  public static Sequential fromJson(JsonNode node) {
    String cls = KerasJson.className(node, "model");
    if (!cls.equals("Sequential")) {
      throw new IllegalArgumentException(
          "Only Sequential model JSON can be read; received class_name '" + cls + "'");
    }
    JsonNode c = KerasJson.innerConfig(node);
    JsonNode layers = c.get("layers");
    if (layers == null || !layers.isArray() || layers.isEmpty()) {
      throw new IllegalArgumentException(
          "Sequential config needs a non-empty 'layers' list; got " + c);
    }
    Sequential model = new Sequential(KerasJson.string(c, "name", null));
    InputLayer input = null;
    for (JsonNode l : layers) {
      JsonNode lc = KerasJson.innerConfig(l);
      if (input == null
          && !"InputLayer".equals(l.path("class_name").asText())
          && lc.has("batch_input_shape")) {
        ObjectNode ic = KerasJson.object();
        ic.set("batch_shape", lc.get("batch_input_shape"));
        input = InputLayer.fromConfig(ic);
        ObjectNode stripped = ((ObjectNode) lc).deepCopy();
        stripped.remove("batch_input_shape");
        ObjectNode copy = ((ObjectNode) l).deepCopy();
        copy.set("config", stripped);
        l = copy;
      }
      Layer layer = LayerRegistry.deserialize(l);
      if (layer instanceof InputLayer) {
        input = (InputLayer) layer;
      } else {
        model.add(layer);
      }
    }
    if (input == null && c.has("build_input_shape")) {
      ObjectNode ic = KerasJson.object();
      ic.set("batch_shape", c.get("build_input_shape"));
      input = InputLayer.fromConfig(ic);
    }
    return input == null ? model : Sequential.rebuild(model, input);
  }

  /** A {@code Sequential} or {@code Functional} model from its Keras 3 JSON. */
  static Model fromAnyJson(JsonNode node) {
    String cls = KerasJson.className(node, "model");
    switch (cls) {
      case "Sequential":
        return fromJson(node);
      case "Functional":
      case "Model":
        return FunctionalJson.fromJson(node);
      default:
        throw new IllegalArgumentException(
            "Unknown model class '" + cls + "'; expected Sequential or Functional");
    }
  }
}
