package org.birnn.layers.crf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import org.birnn.layers.Layer;
import org.birnn.layers.saving.LayerProvider;

/** Registers {@link CRF} with {@link org.birnn.layers.saving.LayerRegistry}. */
public final class CrfLayers implements LayerProvider {
  @Override
  public Map<String, Function<JsonNode, Layer>> layers() {
    return Map.of("CRF", CRF::fromConfig);
  }

  /** Keras has no CRF layer (it lived in TensorFlow Addons, now retired). */
  @Override
  public boolean kerasClasses() {
    return false;
  }
}
