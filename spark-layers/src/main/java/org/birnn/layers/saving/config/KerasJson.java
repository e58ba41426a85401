package org.birnn.layers.saving.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Reading and writing the Keras 3 JSON shapes: {@code {"module", "class_name", "config",
 * "registered_name"}} objects, typed fields with defaults, and checks that name the offending key.
 */
public final class KerasJson {
  /** One mapper for the whole library; Keras writes keys in insertion order, so do we. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private KerasJson() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * {@code {"module": module, "class_name": className, "config": config, "registered_name": null}}.
   */
  public static ObjectNode serialized(String module, String className, ObjectNode config) {
    ObjectNode o = object();
    o.put("module", module);
    o.put("class_name", className);
    o.set("config", config);
    o.putNull("registered_name");
    return o;
  }

  /** The Keras 3 {@code DTypePolicy} dict for a dtype name such as {@code "float32"}. */
  public static ObjectNode dtypePolicy(String dtype) {
    ObjectNode config = object();
    config.put("name", dtype);
    return serialized("keras", "DTypePolicy", config);
  }

  /**
   * Reads a dtype from either a plain string ({@code "float32"}, Keras 2 and InputLayer) or a
   * DTypePolicy dict (Keras 3); {@code null} or absent means {@code "float32"}.
   */
  public static String readDtype(JsonNode config) {
    JsonNode d = config.get("dtype");
    if (d == null || d.isNull()) {
      return "float32";
    }
    if (d.isTextual()) {
      return d.asText();
    }
    JsonNode name = d.path("config").path("name");
    if (name.isTextual()) {
      return name.asText();
    }
    throw new IllegalArgumentException(
        "Config key 'dtype' must be a string or a DTypePolicy dict; got " + d);
  }

  /** The {@code config} object inside a serialized object, or the node itself if it has none. */
  public static JsonNode innerConfig(JsonNode serialized) {
    JsonNode c = serialized.get("config");
    return c != null && c.isObject() ? c : serialized;
  }

  /** The {@code class_name} of a serialized object, checked to be present. */
  public static String className(JsonNode serialized, String what) {
    JsonNode c = serialized == null ? null : serialized.get("class_name");
    if (c == null || !c.isTextual()) {
      throw new IllegalArgumentException(
          what + " must be an object with a 'class_name' string; got " + serialized);
    }
    return c.asText();
  }

  /** Reads a boolean key; absent or null gives the default; anything else but a boolean fails. */
  public static boolean bool(JsonNode config, String key, boolean dflt) {
    JsonNode v = config.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(
          "Config key '" + key + "' must be a boolean (true/false); got " + v);
    }
    return v.booleanValue();
  }

  /** Reads an integer key; absent or null gives the default. */
  public static int integer(JsonNode config, String key, int dflt) {
    JsonNode v = config.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber() || v.doubleValue() != Math.rint(v.doubleValue())) {
      throw new IllegalArgumentException("Config key '" + key + "' must be an integer; got " + v);
    }
    return v.intValue();
  }

  /** Reads a number key; absent or null gives the default. */
  public static double number(JsonNode config, String key, double dflt) {
    JsonNode v = config.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("Config key '" + key + "' must be a number; got " + v);
    }
    return v.doubleValue();
  }

  /** Reads an optional long (such as a seed); absent or null gives {@code null}. */
  public static Long optionalLong(JsonNode config, String key) {
    JsonNode v = config.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToLong()) {
      throw new IllegalArgumentException("Config key '" + key + "' must be an integer; got " + v);
    }
    return v.longValue();
  }

  /** Reads a string key; absent gives the default, JSON null gives {@code null}. */
  public static String string(JsonNode config, String key, String dflt) {
    JsonNode v = config.get(key);
    if (v == null) {
      return dflt;
    }
    if (v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("Config key '" + key + "' must be a string; got " + v);
    }
    return v.asText();
  }

  /**
   * Fails on any key outside {@code known}, the way Keras rejects unrecognized keyword arguments.
   */
  public static void rejectUnknownKeys(JsonNode config, Set<String> known, String owner) {
    Iterator<String> it = config.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new IllegalArgumentException(
            "Unrecognized keyword argument '" + k + "' passed to " + owner + "; known: " + known);
      }
    }
  }

  /** Parses JSON text. */
  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes compact JSON text. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
