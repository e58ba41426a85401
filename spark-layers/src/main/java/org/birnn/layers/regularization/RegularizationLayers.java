package org.birnn.layers.regularization;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import org.birnn.layers.Layer;
import org.birnn.layers.saving.LayerProvider;

/** Registers the regularization layers with {@link org.birnn.layers.saving.LayerRegistry}. */
public final class RegularizationLayers implements LayerProvider {
  @Override
  public Map<String, Function<JsonNode, Layer>> layers() {
    return Map.of("Dropout", Dropout::fromConfig);
  }
}
