package org.birnn.layers.saving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.birnn.layers.Layer;
import org.birnn.layers.saving.config.KerasJson;

/**
 * Keras's layer serialization ({@code keras.layers.serialize} / {@code deserialize} and {@code
 * keras.saving.register_keras_serializable}): the Keras 3 serialized form {@code {"module",
 * "class_name", "config", "registered_name", "build_config"}} of a layer, and the registry of the
 * classes that configs name.
 *
 * <p>The library's own layers register themselves through {@link LayerProvider}s; a user's layer
 * (for example a recurrent layer to wrap in {@code Bidirectional}) is registered by name:
 *
 * <pre>{@code
 * LayerRegistry.register("MyRNN", config -> new MyRNN((ObjectNode) config));
 * }</pre>
 */
public final class LayerRegistry {
  private static final Map<String, Function<JsonNode, Layer>> FACTORIES = new ConcurrentHashMap<>();
  private static final Set<String> KERAS_CLASSES = ConcurrentHashMap.newKeySet();

  static {
    for (LayerProvider p :
        ServiceLoader.load(LayerProvider.class, LayerRegistry.class.getClassLoader())) {
      FACTORIES.putAll(p.layers());
      if (p.kerasClasses()) {
        KERAS_CLASSES.addAll(p.layers().keySet());
      }
    }
  }

  /**
   * Whether {@code className} is one of Keras's own layer classes (which Keras itself can load),
   * rather than a library extension or a class registered with {@link #register}.
   */
  public static boolean isKerasClass(String className) {
    return KERAS_CLASSES.contains(className);
  }

  private LayerRegistry() {}

  /**
   * Registers a layer class so configs naming {@code className} can be read (replacing an earlier
   * registration of that name).
   *
   * @param factory builds a fresh, unbuilt layer from its config dict
   */
  public static void register(String className, Function<JsonNode, ? extends Layer> factory) {
    FACTORIES.put(className, factory::apply);
    KERAS_CLASSES.remove(className);
  }

  /**
   * A fresh layer of class {@code className} from its config dict (the inner {@code "config"}).
   *
   * @throws IllegalArgumentException for an unregistered class, naming the known ones
   */
  public static Layer fromConfig(String className, JsonNode config) {
    Function<JsonNode, Layer> f = FACTORIES.get(className);
    if (f == null) {
      throw new IllegalArgumentException(
          "Unknown layer class '"
              + className
              + "'; known: "
              + String.join(", ", new TreeSet<>(FACTORIES.keySet()))
              + ". Register custom layers with LayerRegistry.register.");
    }
    return f.apply(config);
  }

  /**
   * {@link #fromConfig(String, JsonNode)} checked to be of {@code type}.
   *
   * @throws IllegalArgumentException when the class is unknown or of another type
   */
  public static <T extends Layer> T fromConfig(String className, JsonNode config, Class<T> type) {
    Layer layer = fromConfig(className, config);
    if (!type.isInstance(layer)) {
      throw new IllegalArgumentException(
          "Layer class '"
              + className
              + "' is a "
              + layer.getClass().getSimpleName()
              + ", not a "
              + type.getSimpleName());
    }
    return type.cast(layer);
  }

  /** Reads a serialized layer {@code {"class_name": ..., "config": {...}}}. */
  public static Layer deserialize(JsonNode serialized) {
    return deserialize(serialized, Layer.class);
  }

  /**
   * Reads a serialized layer and checks its type.
   *
   * @throws IllegalArgumentException when the class is unknown, the config missing or the type
   *     another
   */
  public static <T extends Layer> T deserialize(JsonNode serialized, Class<T> type) {
    String cls = KerasJson.className(serialized, "layer");
    JsonNode c = serialized.get("config");
    if (c == null || !c.isObject()) {
      throw new IllegalArgumentException(
          "Serialized layer '" + cls + "' needs a 'config' object; got " + serialized);
    }
    return fromConfig(cls, c.deepCopy(), type);
  }

  /** The Keras 3 serialized form of a built or unbuilt layer. */
  public static ObjectNode serialize(Layer layer) {
    return serialize(layer.className(), layer.getConfig(), layer.getBuildConfig());
  }

  /**
   * The Keras 3 serialized form {@code {"module": "keras.layers", "class_name", "config",
   * "registered_name": null}} plus {@code build_config} when one is given.
   */
  public static ObjectNode serialize(String className, ObjectNode config, ObjectNode buildConfig) {
    ObjectNode o = KerasJson.serialized("keras.layers", className, config);
    if (buildConfig != null) {
      o.set("build_config", buildConfig);
    }
    return o;
  }
}
