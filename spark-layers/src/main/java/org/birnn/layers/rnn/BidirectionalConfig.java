package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;
import org.birnn.layers.saving.LayerRegistry;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.KerasJson;

/**
 * The config keys of {@link Bidirectional} (KERAS_SPEC SER1-SER4), declared once: {@code name,
 * trainable, dtype, merge_mode, layer, backward_layer}; {@link BidirectionalBuilder}, {@code
 * getConfig} and {@code fromConfig} all go through {@link #TABLE}.
 */
public final class BidirectionalConfig {
  private BidirectionalConfig() {}

  /** How the directions' outputs combine (default concat; JSON null is {@link MergeMode#NONE}). */
  public static final ConfigKey<MergeMode> MERGE_MODE =
      ConfigKey.of(
              "merge_mode",
              MergeMode.CONCAT,
              (c, k, ctx) ->
                  c.get(k.name()).isNull()
                      ? MergeMode.NONE
                      : MergeMode.fromKeras(KerasJson.string(c, k.name(), null)),
              m -> m.kerasName() == null ? NullNode.getInstance() : TextNode.valueOf(m.kerasName()))
          .required()
          .check((owner, v) -> Objects.requireNonNull(v, "mergeMode (use MergeMode.NONE)"));

  /** The wrapped recurrent layer, serialized; required. */
  public static final ConfigKey<RecurrentLayer> LAYER = recurrentLayer("layer").required();

  /** A custom backward layer, or {@code null} for a copy of {@link #LAYER} going backwards. */
  public static final ConfigKey<RecurrentLayer> BACKWARD_LAYER = recurrentLayer("backward_layer");

  /**
   * Every key in Keras order; {@code num_constants} (tf-keras) is read, 0 only, and not written.
   */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .key(MERGE_MODE)
          .key(LAYER)
          .key(BACKWARD_LAYER)
          .key(ConfigKeys.only("num_constants", IntNode.valueOf(0)), (m, v) -> true)
          .build();

  private static ConfigKey<RecurrentLayer> recurrentLayer(String name) {
    return ConfigKey.of(
        name,
        null,
        (c, k, ctx) -> {
          JsonNode v = c.get(k.name());
          return v == null || v.isNull()
              ? null
              : LayerRegistry.deserialize(v, RecurrentLayer.class);
        },
        r -> r == null ? NullNode.getInstance() : LayerRegistry.serialize(r));
  }
}
