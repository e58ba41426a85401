package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import org.birnn.layers.Layer;
import org.birnn.layers.saving.LayerProvider;

/** Registers the core layers with {@link org.birnn.layers.saving.LayerRegistry}. */
public final class CoreLayers implements LayerProvider {
  @Override
  public Map<String, Function<JsonNode, Layer>> layers() {
    return Map.of(
        "InputLayer",
        InputLayer::fromConfig,
        "Dense",
        Dense::fromConfig,
        "Embedding",
        Embedding::fromConfig,
        "Masking",
        Masking::fromConfig);
  }
}
