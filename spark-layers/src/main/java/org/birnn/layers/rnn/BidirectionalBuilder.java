package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.birnn.layers.saving.config.LayerBuilder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builder of a {@link Bidirectional} layer. Defaults: merge mode {@link MergeMode#CONCAT}, no
 * custom backward layer, no initial weights, name {@code bidirectional[_n]}.
 */
public final class BidirectionalBuilder extends LayerBuilder<Bidirectional, BidirectionalBuilder> {
  private List<INDArray> weights;

  BidirectionalBuilder(RecurrentLayer layer) {
    set(BidirectionalConfig.LAYER, layer);
  }

  /** How outputs are combined (default concat; {@link MergeMode#NONE} returns both). */
  public BidirectionalBuilder mergeMode(MergeMode mergeMode) {
    return set(BidirectionalConfig.MERGE_MODE, mergeMode);
  }

  /** Keras name of the merge mode ({@code "concat"}, ...; {@code null} means none). */
  public BidirectionalBuilder mergeMode(String kerasName) {
    return mergeMode(MergeMode.fromKeras(kerasName));
  }

  /**
   * A custom backward layer: it must have a different {@code go_backwards} and the same {@code
   * return_sequences}, {@code return_state} and {@code stateful} as the forward layer, and the same
   * units where the merge mode adds or multiplies. Unlike Keras, which uses the instance itself,
   * this builds a copy from its config (keeping its name), with its weights copied if it was built.
   */
  public BidirectionalBuilder backwardLayer(RecurrentLayer backwardLayer) {
    return set(BidirectionalConfig.BACKWARD_LAYER, backwardLayer);
  }

  /**
   * Initial weights: the forward layer's {@code kernel, recurrent_kernel[, bias]} then the backward
   * layer's. Keras accepts this argument and ignores it (KERAS_SPEC C10); here it is applied, with
   * shape checks. It is not part of the config.
   */
  public BidirectionalBuilder weights(List<INDArray> weights) {
    this.weights = weights;
    return this;
  }

  /**
   * Validates and builds.
   *
   * @throws IllegalArgumentException for a missing layer, an invalid pairing of forward and
   *     backward layers, or weights of the wrong count or shape
   */
  @Override
  public Bidirectional build() {
    return new Bidirectional(
        BidirectionalConfig.TABLE.values("Bidirectional", "Bidirectional", given), weights);
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
    BidirectionalBuilder b =
        new BidirectionalBuilder(null)
            .read(BidirectionalConfig.TABLE, "Bidirectional", "Bidirectional", config, false);
    RecurrentLayer layer = (RecurrentLayer) b.given.get(BidirectionalConfig.LAYER);
    JsonNode layerNode = config.get("layer");
    JsonNode inner = layerNode.get("config");
    boolean keras2 =
        b.given.get(BidirectionalConfig.BACKWARD_LAYER) == null
            && inner != null
            && (inner.has("implementation") || inner.has("time_major"));
    if (keras2 && layer != null && layer.goBackwards()) {
      // tf-keras toggled go_backwards for the derived backward layer; Keras 3 sets it.
      ObjectNode toggled = layer.getConfig().deepCopy();
      toggled.put("go_backwards", false);
      b.backwardLayer(layer.withConfig(toggled));
    }
    Bidirectional bi = b.build();
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
