package org.birnn.layers.pooling;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import org.birnn.layers.Layer;
import org.birnn.layers.saving.LayerProvider;

/** Registers the pooling layers with {@link org.birnn.layers.saving.LayerRegistry}. */
public final class PoolingLayers implements LayerProvider {
  @Override
  public Map<String, Function<JsonNode, Layer>> layers() {
    return Map.of(
        "GlobalAveragePooling1D",
        c -> GlobalPooling1D.fromConfig("GlobalAveragePooling1D", c),
        "GlobalMaxPooling1D",
        c -> GlobalPooling1D.fromConfig("GlobalMaxPooling1D", c));
  }
}
