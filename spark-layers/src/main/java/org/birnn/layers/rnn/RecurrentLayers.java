package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import org.birnn.layers.Layer;
import org.birnn.layers.saving.LayerProvider;

/**
 * Registers {@code LSTM}, {@code GRU}, {@code SimpleRNN} and {@code Bidirectional} with {@link
 * org.birnn.layers.saving.LayerRegistry}.
 */
public final class RecurrentLayers implements LayerProvider {
  @Override
  public Map<String, Function<JsonNode, Layer>> layers() {
    return Map.of(
        "LSTM",
        c -> RNN.of(RecurrentConfig.fromJson(CellType.LSTM, c)),
        "GRU",
        c -> RNN.of(RecurrentConfig.fromJson(CellType.GRU, c)),
        "SimpleRNN",
        c -> RNN.of(RecurrentConfig.fromJson(CellType.SIMPLE_RNN, c)),
        "Bidirectional",
        Bidirectional::fromConfig);
  }
}
