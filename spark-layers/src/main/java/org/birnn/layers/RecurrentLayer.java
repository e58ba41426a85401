package org.birnn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The contract a recurrent layer honours so that {@link Bidirectional} can wrap it: Keras's duck
 * typing (KERAS_SPEC C6) written down as a Java interface. {@link LSTM}, {@link GRU} and {@link
 * SimpleRNN} implement it; so can a user's own layer.
 *
 * <p>Shapes: input {@code [batch, time, features]}; optional mask {@code [batch, time]} (non-zero
 * or true = keep the step); output {@code [batch, time, units()]} with {@link #returnSequences()},
 * else {@code [batch, units()]}; each state {@code [batch, units()]}.
 *
 * <p>Rules (as in Keras): a {@link #goBackwards()} layer processes steps {@code T-1 ... 0} and
 * returns its sequence in that processing order; a masked step keeps the states and emits 0 when
 * the config's {@code zero_output_for_mask} is true (else the previous output).
 */
public interface RecurrentLayer {
  /** The Keras {@code class_name} used in configs, for example {@code "LSTM"}. */
  String className();

  /** The layer name. */
  String name();

  /** Whether steps are processed from last to first. */
  boolean goBackwards();

  /** Whether the whole sequence is returned. */
  boolean returnSequences();

  /** Whether the final states are returned after the output. */
  boolean returnState();

  /** Whether final states carry over to the next call. */
  boolean stateful();

  /** Width of the output's last axis and of each state. */
  int units();

  /** Number of state tensors. */
  int stateCount();

  /**
   * The Keras 3 config dict of this layer (the inner {@code "config"}), including {@code name},
   * {@code go_backwards} and, if the layer has it, {@code zero_output_for_mask}.
   */
  ObjectNode getConfig();

  /**
   * A new, unbuilt layer of the same class made from {@code config} (a possibly edited copy of
   * {@link #getConfig()}): Keras's {@code from_config}. It shares nothing with this instance.
   */
  RecurrentLayer fromConfig(ObjectNode config);

  /** Whether the weights exist. */
  boolean isBuilt();

  /** Creates the weights for inputs with {@code inputDim} features (a no-op if built). */
  void build(long inputDim);

  /** The input feature count the layer was built for, or -1 when unbuilt. */
  long inputDim();

  /**
   * Runs the layer.
   *
   * @param inputs {@code [batch, time, features]}
   * @param mask {@code [batch, time]} or {@code null}
   * @param initialState {@link #stateCount()} arrays {@code [batch, units]}, or {@code null}
   * @param training whether dropout is active
   */
  RecurrentOutput call(
      INDArray inputs, INDArray mask, List<INDArray> initialState, boolean training);

  /** Copies of the weights in Keras order and shapes. */
  List<INDArray> getWeights();

  /** Replaces the weight values; count, order and shapes as {@link #getWeights()}. */
  void setWeights(List<INDArray> weights);

  /** The weight tensors themselves (not copies), in Keras order; empty when unbuilt. */
  List<INDArray> weightArrays();

  /**
   * Copies the weight values into {@code views} (same shapes as {@link #weightArrays()}) and uses
   * the views from then on, so a model can keep all weights in one flat vector.
   */
  void bindWeights(List<INDArray> views);

  /** Stored states of a stateful layer, or {@code null} when not stateful or not yet called. */
  List<INDArray> states();

  /** Zeroes the stored states of a stateful layer (no-op otherwise, as Keras's RNN). */
  void resetStates();

  /** Sum of the weight regularization penalties (0 without regularizers). */
  double regularizationPenalty();

  /** Gradients of {@link #regularizationPenalty()}, one per weight, in Keras order. */
  List<INDArray> regularizationGradients();
}
