package org.birnn.layers;

import java.util.List;

/**
 * Builder of a {@link Bidirectional} layer. Defaults: merge mode {@link MergeMode#CONCAT}, no
 * custom backward layer, no initial weights, name {@code bidirectional[_n]}.
 */
public final class BidirectionalBuilder {
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
}
