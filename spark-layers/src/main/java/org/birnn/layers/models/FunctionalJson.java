package org.birnn.layers.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.Layer;
import org.birnn.layers.core.InputLayer;
import org.birnn.layers.saving.LayerRegistry;
import org.birnn.layers.saving.config.KerasJson;

/**
 * The Keras 3 {@code Functional} config of a graph model: each layer with its {@code
 * inbound_nodes}, whose arguments are {@code __keras_tensor__} records pointing at {@code [layer
 * name, node index, tensor index]}, plus {@code input_layers} and {@code output_layers}.
 */
final class FunctionalJson {
  private FunctionalJson() {}

  static ObjectNode toJson(Model model) {
    Map<Layer, List<KerasTensor.Node>> nodesOf = new IdentityHashMap<>();
    List<Layer> layerOrder = new ArrayList<>();
    for (KerasTensor.Node n : nodes(model)) {
      if (!nodesOf.containsKey(n.layer())) {
        layerOrder.add(n.layer());
      }
      nodesOf.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(n);
    }
    ObjectNode c = KerasJson.object();
    c.put("name", model.name());
    c.put("trainable", true);
    ArrayNode layers = c.putArray("layers");
    for (Layer l : layerOrder) {
      ObjectNode s = LayerRegistry.serialize(l);
      s.put("name", l.name());
      ArrayNode inbound = s.putArray("inbound_nodes");
      for (KerasTensor.Node n : nodesOf.get(l)) {
        if (n.inputs().isEmpty()) {
          continue;
        }
        ObjectNode node = KerasJson.object();
        ArrayNode args = node.putArray("args");
        if (n.inputs().size() == 1) {
          args.add(tensor(n.inputs().get(0), nodesOf));
        } else {
          ArrayNode list = args.addArray();
          for (KerasTensor t : n.inputs()) {
            list.add(tensor(t, nodesOf));
          }
        }
        node.putObject("kwargs");
        inbound.add(node);
      }
      layers.add(s);
    }
    c.set("input_layers", history(model.inputs(), nodesOf));
    c.set("output_layers", history(model.outputs(), nodesOf));
    // As Keras serializes it: Functional is not exported under `keras`, so Keras's deserializer
    // finds it by this module and registered name.
    ObjectNode out = KerasJson.serialized("keras.src.models.functional", "Functional", c);
    out.put("registered_name", "Functional");
    return out;
  }

  private static List<KerasTensor.Node> nodes(Model model) {
    List<KerasTensor.Node> out = new ArrayList<>();
    java.util.Set<KerasTensor.Node> seen =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (KerasTensor t : model.outputs()) {
      collect(t.node(), seen, out);
    }
    return out;
  }

  private static void collect(
      KerasTensor.Node n, java.util.Set<KerasTensor.Node> seen, List<KerasTensor.Node> out) {
    if (!seen.add(n)) {
      return;
    }
    for (KerasTensor t : n.inputs()) {
      collect(t.node(), seen, out);
    }
    out.add(n);
  }

  private static ArrayNode ref(KerasTensor t, Map<Layer, List<KerasTensor.Node>> nodesOf) {
    ArrayNode a = KerasJson.MAPPER.createArrayNode();
    a.add(t.node().layer().name());
    a.add(nodesOf.get(t.node().layer()).indexOf(t.node()));
    a.add(t.index());
    return a;
  }

  private static ObjectNode tensor(KerasTensor t, Map<Layer, List<KerasTensor.Node>> nodesOf) {
    ObjectNode c = KerasJson.object();
    ArrayNode shape = c.putArray("shape");
    for (long d : t.shape()) {
      if (d < 0) {
        shape.addNull();
      } else {
        shape.add(d);
      }
    }
    c.put("dtype", "float32");
    c.set("keras_history", ref(t, nodesOf));
    ObjectNode o = KerasJson.object();
    o.put("class_name", "__keras_tensor__");
    o.set("config", c);
    return o;
  }

  private static ArrayNode history(
      List<KerasTensor> ts, Map<Layer, List<KerasTensor.Node>> nodesOf) {
    ArrayNode a = KerasJson.MAPPER.createArrayNode();
    for (KerasTensor t : ts) {
      a.add(ref(t, nodesOf));
    }
    return a;
  }

  static Model fromJson(JsonNode node) {
    JsonNode c = KerasJson.innerConfig(node);
    Map<String, Layer> layers = new HashMap<>();
    Map<String, List<List<KerasTensor>>> outputs = new HashMap<>();
    JsonNode list = c.get("layers");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("Functional config needs a 'layers' list; got " + c);
    }
    Map<String, String> maskOps = new HashMap<>();
    // Layers are listed so that every inbound tensor comes from a layer listed earlier.
    for (JsonNode l : list) {
      if (isOp(l)) {
        // Keras records the mask computations of merging layers and masked inputs (NotEqual,
        // LogicalOr, ExpandDims, Any, ...) as op nodes that feed only `mask` keyword arguments;
        // masks propagate through these layers on their own, so the ops are not built. An op that
        // feeds a layer's data is refused where it is used.
        maskOps.put(KerasJson.string(l.path("config"), "name", l.path("name").asText()), cls(l));
        continue;
      }
      Layer layer = LayerRegistry.deserialize(l);
      String name = l.has("name") ? l.get("name").asText() : layer.name();
      layers.put(name, layer);
      List<List<KerasTensor>> outs = new ArrayList<>();
      if (layer instanceof InputLayer) {
        outs.add(List.of(KerasTensor.input(layer, ((InputLayer) layer).batchShape())));
      }
      for (JsonNode inbound : l.path("inbound_nodes")) {
        List<KerasTensor> ins = new ArrayList<>();
        if (inbound.isArray()) {
          // Keras 2: a node is a list of [layer name, node, index, kwargs] references.
          for (JsonNode ref : inbound) {
            ins.add(lookup(ref, outputs));
          }
        }
        for (JsonNode arg : inbound.path("args")) {
          for (JsonNode t : arg.isArray() ? arg : List.of(arg)) {
            requireNotOp(t, maskOps, layer);
            ins.add(resolve(t, outputs));
          }
        }
        outs.add(KerasTensor.apply(layer, ins.toArray(new KerasTensor[0])));
      }
      outputs.put(name, outs);
    }
    List<KerasTensor> in = new ArrayList<>();
    for (JsonNode r : references(c.path("input_layers"))) {
      in.add(lookup(r, outputs));
    }
    List<KerasTensor> out = new ArrayList<>();
    for (JsonNode r : references(c.path("output_layers"))) {
      out.add(lookup(r, outputs));
    }
    Model m = new Model(KerasJson.string(c, "name", "functional"));
    m.setGraphFromJson(in, out);
    return m;
  }

  /**
   * The tensor references of {@code input_layers} / {@code output_layers}: a list of {@code [name,
   * node, index]} triples, or, as Keras 3 writes a model with one input or output, one triple.
   */
  private static List<JsonNode> references(JsonNode refs) {
    List<JsonNode> out = new ArrayList<>();
    if (refs.isArray() && refs.size() > 0 && refs.get(0).isTextual()) {
      out.add(refs);
    } else {
      refs.forEach(out::add);
    }
    return out;
  }

  /** Whether a listed layer is a Keras op ({@code module} {@code keras.src.ops...}). */
  private static boolean isOp(JsonNode l) {
    return l.path("module").asText().startsWith("keras.src.ops");
  }

  private static String cls(JsonNode l) {
    return l.path("class_name").asText();
  }

  private static void requireNotOp(JsonNode t, Map<String, String> ops, Layer layer) {
    String from = t.path("config").path("keras_history").path(0).asText();
    if (ops.containsKey(from)) {
      throw new IllegalArgumentException(
          "Layer '"
              + layer.name()
              + "' takes the output of Keras op "
              + ops.get(from)
              + " ('"
              + from
              + "') as data; only the mask computations Keras records as ops are read (masks"
              + " propagate on their own here), not ops in the data path");
    }
  }

  private static KerasTensor resolve(JsonNode t, Map<String, List<List<KerasTensor>>> outputs) {
    JsonNode h = t.path("config").path("keras_history");
    if (!h.isArray()) {
      throw new IllegalArgumentException("Inbound argument is not a __keras_tensor__: " + t);
    }
    return lookup(h, outputs);
  }

  private static KerasTensor lookup(JsonNode ref, Map<String, List<List<KerasTensor>>> outputs) {
    // [name, node, index], with Keras 2's call kwargs as a fourth element in inbound nodes
    if (!ref.isArray() || ref.size() < 3 || ref.size() > 4 || !ref.get(0).isTextual()) {
      throw new IllegalArgumentException(
          "Tensor reference " + ref + " in functional config is not [layer name, node, index]");
    }
    List<List<KerasTensor>> byNode = outputs.get(ref.get(0).asText());
    if (byNode == null || ref.get(1).asInt() >= byNode.size()) {
      throw new IllegalArgumentException(
          "Unknown tensor reference " + ref + " in functional config");
    }
    return byNode.get(ref.get(1).asInt()).get(ref.get(2).asInt());
  }
}
