package org.birnn.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.birnn.layers.internal.KerasJson;

/**
 * Serialization entry points: the Keras 3 {@code {"module", "class_name", "config", ...}} form of a
 * layer, and the registry of recurrent layer classes that {@link Bidirectional} and the
 * deserializer know, like Keras's {@code custom_objects}.
 *
 * <pre>{@code
 * Layers.registerRecurrent("MyRNN", config -> new MyRNN(config));
 * }</pre>
 */
public final class Layers {
  private static final Map<String, Function<ObjectNode, RecurrentLayer>> RECURRENT =
      new ConcurrentHashMap<>();

  static {
    for (CellType t : CellType.values()) {
      RECURRENT.put(t.className(), c -> of(RecurrentConfig.fromJson(t, c)));
    }
  }

  private Layers() {}

  private static RecurrentLayer of(RecurrentConfig c) {
    switch (c.cellType()) {
      case LSTM:
        return new LSTM(c);
      case GRU:
        return new GRU(c);
      default:
        return new SimpleRNN(c);
    }
  }

  /**
   * Registers a user recurrent layer class so configs naming {@code className} can be read.
   *
   * @param factory builds a fresh layer from its config dict
   */
  public static void registerRecurrent(
      String className, Function<ObjectNode, RecurrentLayer> factory) {
    RECURRENT.put(className, factory);
  }

  /**
   * A fresh recurrent layer of class {@code className} from its config dict.
   *
   * @throws IllegalArgumentException for an unregistered class
   */
  public static RecurrentLayer recurrentFromConfig(String className, ObjectNode config) {
    Function<ObjectNode, RecurrentLayer> f = RECURRENT.get(className);
    if (f == null) {
      throw new IllegalArgumentException(
          "Unknown recurrent layer class '"
              + className
              + "'; known: "
              + RECURRENT.keySet()
              + ". Register custom layers with Layers.registerRecurrent.");
    }
    return f.apply(config);
  }

  /** Reads a serialized recurrent layer {@code {"class_name": ..., "config": {...}}}. */
  public static RecurrentLayer deserializeRecurrent(JsonNode serialized) {
    String cls = KerasJson.className(serialized, "layer");
    JsonNode c = serialized.get("config");
    if (c == null || !c.isObject()) {
      throw new IllegalArgumentException(
          "Serialized layer '" + cls + "' needs a 'config' object; got " + serialized);
    }
    return recurrentFromConfig(cls, ((ObjectNode) c).deepCopy());
  }

  /**
   * Reads any serialized layer this library implements: {@code InputLayer}, {@code Dense}, {@code
   * Embedding}, {@code Masking}, {@code Dropout}, {@code Concatenate}, {@code Add}, {@code
   * GlobalAveragePooling1D}, {@code GlobalMaxPooling1D}, {@code Bidirectional}, {@code LSTM},
   * {@code GRU}, {@code SimpleRNN}.
   *
   * @throws IllegalArgumentException for an unknown class, naming the known ones
   */
  public static Layer deserialize(JsonNode serialized) {
    String cls = KerasJson.className(serialized, "layer");
    JsonNode c = KerasJson.innerConfig(serialized);
    switch (cls) {
      case "InputLayer":
        return InputLayer.fromConfig(c);
      case "Dense":
        return Dense.fromConfig(c);
      case "Embedding":
        return Embedding.fromConfig(c);
      case "Masking":
        return Masking.fromConfig(c);
      case "Dropout":
        return Dropout.fromConfig(c);
      case "Concatenate":
        return Concatenate.fromConfig(c);
      case "Add":
        return Add.fromConfig(c);
      case "GlobalAveragePooling1D":
      case "GlobalMaxPooling1D":
        return GlobalPooling1D.fromConfig(cls, c);
      case "Bidirectional":
        return Bidirectional.fromConfig(c);
      default:
        if (CellType.forClassName(cls) != null) {
          return (Layer) deserializeRecurrent(serialized);
        }
        throw new IllegalArgumentException(
            "Unknown layer class '"
                + cls
                + "'; supported: InputLayer, Dense, Embedding, Masking,"
                + " Dropout, Concatenate, Add, GlobalAveragePooling1D, GlobalMaxPooling1D,"
                + " Bidirectional, LSTM, GRU, SimpleRNN");
    }
  }

  /**
   * The Keras 3 serialized form of a layer: {@code {"module": "keras.layers", "class_name",
   * "config", "registered_name": null}} plus {@code build_config} when {@code buildShape} is given
   * ({@code -1} entries are written as null).
   */
  public static ObjectNode serialize(String className, ObjectNode config, long[] buildShape) {
    ObjectNode o = KerasJson.serialized("keras.layers", className, config);
    if (buildShape != null) {
      ObjectNode bc = KerasJson.object();
      com.fasterxml.jackson.databind.node.ArrayNode shape = bc.putArray("input_shape");
      for (long d : buildShape) {
        if (d < 0) {
          shape.addNull();
        } else {
          shape.add(d);
        }
      }
      o.set("build_config", bc);
    }
    return o;
  }
}
