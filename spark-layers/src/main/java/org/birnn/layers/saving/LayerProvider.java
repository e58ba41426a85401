package org.birnn.layers.saving;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import org.birnn.layers.Layer;

/**
 * A package of layers that registers itself with {@link LayerRegistry}: listed in {@code
 * META-INF/services/org.birnn.layers.saving.LayerProvider} and found by {@link
 * java.util.ServiceLoader}, so the registry names no layer class.
 */
public interface LayerProvider {
  /** Keras {@code class_name} to a factory that builds a fresh layer from its config dict. */
  Map<String, Function<JsonNode, Layer>> layers();

  /**
   * Whether these classes are Keras's own, so that Keras loads a file naming them; false for the
   * library's extensions (such as {@code CRF}), which {@code ModelIO.saveKeras} refuses.
   */
  default boolean kerasClasses() {
    return true;
  }
}
