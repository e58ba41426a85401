package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.birnn.layers.saving.KerasJson;
import org.birnn.layers.saving.LayerRegistry;

/**
 * Builder of a {@link Bidirectional} layer. Defaults: merge mode {@link MergeMode#CONCAT}, no
 * custom backward layer, no initial weights, name {@code bidirectional[_n]}.
 */
public final class BidirectionalBuilder {
  private static final Set<String> CONFIG_KEYS =
      Set.of(
          "name", "trainable", "dtype", "merge_mode", "layer", "backward_layer", "num_constants");

  final RecurrentLayer layer;
  MergeMode mergeMode = MergeMode.CONCAT;
  RecurrentLayer backwardLayer;
  List<org.nd4j.linalg.api.ndarray.INDArray> weights;
  String name;
  boolean trainable = true;
  String dtype = "float32";

  BidirectionalBuilder(RecurrentLayer layer) {
    this.layer = layer;
  }

  /** How outputs are combined (default concat; {@link MergeMode#NONE} returns both). */
  public BidirectionalBuilder mergeMode(MergeMode mergeMode) {
    this.mergeMode = mergeMode;
    return this;
  }

  /** Keras name of the merge mode ({@code "concat"}, ...; {@code null} means none). */
  public BidirectionalBuilder mergeMode(String kerasName) {
    this.mergeMode = MergeMode.fromKeras(kerasName);
    return this;
  }

  /**
   * A custom backward layer: it must have a different {@code go_backwards} and the same {@code
   * return_sequences}, {@code return_state} and {@code stateful} as the forward layer, and the same
   * units where the merge mode adds or multiplies. Unlike Keras, which uses the instance itself,
   * this builds a copy from its config (keeping its name), with its weights copied if it was built.
   */
  public BidirectionalBuilder backwardLayer(RecurrentLayer backwardLayer) {
    this.backwardLayer = backwardLayer;
    return this;
  }

  /**
   * Initial weights: the forward layer's {@code kernel, recurrent_kernel[, bias]} then the backward
   * layer's. Keras accepts this argument and ignores it (KERAS_SPEC C10); here it is applied, with
   * shape checks.
   */
  public BidirectionalBuilder weights(List<org.nd4j.linalg.api.ndarray.INDArray> weights) {
    this.weights = weights;
    return this;
  }

  /** Layer name (default {@code bidirectional}, {@code bidirectional_1}, ...). */
  public BidirectionalBuilder name(String name) {
    this.name = name;
    return this;
  }

  /** Whether the weights are trained (default true). */
  public BidirectionalBuilder trainable(boolean trainable) {
    this.trainable = trainable;
    return this;
  }

  /** {@code "float32"} (default) or {@code "float64"}; the sub-layers keep their own dtype. */
  public BidirectionalBuilder dtype(String dtype) {
    this.dtype = dtype;
    return this;
  }

  /**
   * Validates and builds.
   *
   * @throws IllegalArgumentException for a missing layer, an invalid pairing of forward and
   *     backward layers, or weights of the wrong count or shape
   */
  public Bidirectional build() {
    return new Bidirectional(this);
  }

  /**
   * Keras's checks of a forward and backward pair (KERAS_SPEC C7, C8), plus the units check that
   * merge modes which add or multiply need.
   */
  static void validatePair(RecurrentLayer forward, RecurrentLayer backward, MergeMode mergeMode) {
    if (forward.goBackwards() == backward.goBackwards()) {
      throw new IllegalArgumentException(
          "Forward layer and backward layer should have different `go_backwards` value. Received:"
              + " forward_layer.go_backwards="
              + forward.goBackwards()
              + ", backward_layer.go_backwards="
              + backward.goBackwards()
              + (backward.goBackwards()
                  ? " (a go_backwards=true layer needs an explicit"
                      + " backward_layer that runs forwards)"
                  : ""));
    }
    check("stateful", forward.stateful(), backward.stateful());
    check("return_sequences", forward.returnSequences(), backward.returnSequences());
    check("return_state", forward.returnState(), backward.returnState());
    if (mergeMode.needsEqualUnits() && forward.units() != backward.units()) {
      throw new IllegalArgumentException(
          "merge_mode \""
              + mergeMode.kerasName()
              + "\" needs forward and backward layers with"
              + " the same units; received forward units="
              + forward.units()
              + ", backward units="
              + backward.units()
              + " (use \"concat\" or None instead)");
    }
  }

  private static void check(String attribute, boolean f, boolean b) {
    if (f != b) {
      throw new IllegalArgumentException(
          "Forward layer and backward layer are expected to have the same value for attribute \""
              + attribute
              + "\", got \""
              + f
              + "\" for forward layer and \""
              + b
              + "\" for backward layer");
    }
  }

  /** {@link Bidirectional#fromConfig}: the layer a Keras 3 or tf-keras config dict describes. */
  static Bidirectional fromConfig(JsonNode config) {
    KerasJson.rejectUnknownKeys(config, CONFIG_KEYS, "Bidirectional");
    if (KerasJson.integer(config, "num_constants", 0) != 0) {
      throw new UnsupportedOperationException(
          "Bidirectional: constants are not supported (Keras 3 removed them); received num_constants="
              + config.get("num_constants"));
    }
    JsonNode layerNode = config.get("layer");
    if (layerNode == null || layerNode.isNull()) {
      throw new IllegalArgumentException("Bidirectional config needs a 'layer'; got " + config);
    }
    RecurrentLayer layer = LayerRegistry.deserialize(layerNode, RecurrentLayer.class);
    JsonNode bwdNode = config.get("backward_layer");
    RecurrentLayer bwd =
        bwdNode == null || bwdNode.isNull()
            ? null
            : LayerRegistry.deserialize(bwdNode, RecurrentLayer.class);
    JsonNode inner = layerNode.get("config");
    boolean keras2 =
        bwd == null && inner != null && (inner.has("implementation") || inner.has("time_major"));
    if (keras2 && layer.goBackwards()) {
      ObjectNode toggled = layer.getConfig().deepCopy();
      toggled.put("go_backwards", false);
      bwd = layer.withConfig(toggled);
    }
    if (!config.has("merge_mode")) {
      throw new IllegalArgumentException(
          "Bidirectional config needs 'merge_mode' (a string or null); got " + config);
    }
    String mm =
        config.get("merge_mode").isNull() ? null : KerasJson.string(config, "merge_mode", null);
    Bidirectional bi =
        Bidirectional.builder(layer)
            .name(KerasJson.string(config, "name", null))
            .trainable(KerasJson.bool(config, "trainable", true))
            .dtype(KerasJson.readDtype(config))
            .mergeMode(MergeMode.fromKeras(mm))
            .backwardLayer(bwd)
            .build();
    // Like Keras's build_from_config: a serialized build shape builds the layer at once.
    JsonNode shape = layerNode.path("build_config").path("input_shape");
    if (shape.isArray() && shape.size() == 3) {
      long[] s = new long[3];
      for (int i = 0; i < 3; i++) {
        s[i] = shape.get(i).isNull() ? -1 : shape.get(i).asLong();
      }
      bi.build(s);
    }
    return bi;
  }
}
