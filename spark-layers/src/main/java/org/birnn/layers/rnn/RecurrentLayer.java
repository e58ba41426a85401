package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.birnn.layers.Layer;
import org.birnn.layers.LayerCall;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Layer} that runs over time, the contract {@link Bidirectional} wraps: Keras's duck
 * typing of recurrent layers (KERAS_SPEC C6) written down as a Java type. {@link LSTM}, {@link
 * GRU}, {@link SimpleRNN} and {@link Bidirectional} itself are recurrent layers; so can a user's
 * own layer be.
 *
 * <p>It adds to {@link Layer} only the recurrent flags, the stored states and a typed {@link
 * #call(INDArray, INDArray, List, boolean) call}; the model-facing {@link #forward} and {@link
 * #build(List)} are derived from them.
 *
 * <p>Shapes: input {@code [batch, time, features]}; optional mask {@code [batch, time]} (non-zero
 * or true = keep the step); output {@code [batch, time, units()]} with {@link #returnSequences()},
 * else {@code [batch, units()]}; each state {@code [batch, units()]}.
 *
 * <p>Rules (as in Keras): a {@link #goBackwards()} layer processes steps {@code T-1 ... 0} and
 * returns its sequence in that processing order; a masked step keeps the states and emits 0 when
 * the config's {@code zero_output_for_mask} is true (else the previous output).
 */
public abstract class RecurrentLayer extends Layer {
  private long[] buildShape;

  /** Whether steps are processed from last to first. */
  public abstract boolean goBackwards();

  /** Whether the whole sequence is returned. */
  public abstract boolean returnSequences();

  /** Whether the final states are returned after the output. */
  public abstract boolean returnState();

  /** Whether final states carry over to the next call. */
  public abstract boolean stateful();

  /** Width of the output's last axis and of each state. */
  public abstract int units();

  /** Number of state tensors. */
  public abstract int stateCount();

  /**
   * A new, unbuilt layer of the same class made from {@code config} (a possibly edited copy of
   * {@link #getConfig()}, which includes {@code name}, {@code go_backwards} and, if the layer has
   * it, {@code zero_output_for_mask}): Keras's {@code from_config}. It shares nothing with this
   * instance.
   */
  public abstract RecurrentLayer withConfig(ObjectNode config);

  /** Whether the weights exist. */
  public abstract boolean isBuilt();

  /** Creates the weights for inputs with {@code inputDim} features (a no-op if built). */
  public abstract void build(long inputDim);

  /** The input feature count the layer was built for, or -1 when unbuilt. */
  public abstract long inputDim();

  /**
   * Runs the layer.
   *
   * @param inputs {@code [batch, time, features]}
   * @param mask {@code [batch, time]} or {@code null}
   * @param initialState {@link #stateCount()} arrays {@code [batch, units]}, or {@code null}
   * @param training whether dropout is active
   * @return the output(s), then the states with {@link #returnState()}; its gradients are {@code
   *     [dx, d initial states...]} and the weights'
   */
  public abstract LayerCall call(
      INDArray inputs, INDArray mask, List<INDArray> initialState, boolean training);

  /** {@link #call(INDArray, INDArray, List, boolean)} without mask, states or training. */
  public LayerCall call(INDArray inputs) {
    return call(inputs, null, null, false);
  }

  /** Stored states of a stateful layer, or {@code null} when not stateful or not yet called. */
  public abstract List<INDArray> states();

  /** Zeroes the stored states of a stateful layer. */
  public abstract void resetStates();

  /**
   * The mask of the output(s) (Keras 3.15 rule, KERAS_SPEC O9/O10): the input mask with {@code
   * return_sequences}, else none; states have no mask.
   */
  public INDArray outputMask(INDArray inputMask) {
    return returnSequences() ? inputMask : null;
  }

  /**
   * Output shapes for an input shape {@code [batch, time, features]}, in {@link
   * LayerCall#outputs()} order ({@code -1} for unknown).
   */
  public List<long[]> computeOutputShape(long[] inputShape) {
    long b = inputShape[0];
    List<long[]> out = new ArrayList<>();
    out.add(returnSequences() ? new long[] {b, inputShape[1], units()} : new long[] {b, units()});
    if (returnState()) {
      for (int i = 0; i < stateCount(); i++) {
        out.add(new long[] {b, units()});
      }
    }
    return out;
  }

  /** Builds for {@code inputShapes.get(0) = [batch, time, features]}; extra inputs are states. */
  @Override
  public List<long[]> build(List<long[]> inputShapes) {
    long[] in = inputShapes.get(0);
    if (in.length != 3) {
      throw new IllegalArgumentException(
          this
              + " expects input of rank 3 [batch, time, features]; received shape "
              + Arrays.toString(in));
    }
    build(in[2]);
    rememberBuildShape(in);
    return computeOutputShape(in);
  }

  /** Records the first input shape the layer was built with (later ones are ignored). */
  protected final void rememberBuildShape(long[] inputShape) {
    if (buildShape == null) {
      buildShape = inputShape.clone();
    }
  }

  @Override
  public List<long[]> buildShapes() {
    return buildShape == null ? null : List.of(buildShape);
  }

  /**
   * As a model layer: {@code inputs = [x, initial states...]} and {@code masks[0]} the time mask.
   * The output keeps the mask with {@code return_sequences}, states have none; the gradients are
   * one per input given (initial states get theirs only when they were inputs).
   */
  @Override
  public final LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    List<INDArray> init = inputs.size() > 1 ? inputs.subList(1, inputs.size()) : null;
    INDArray mask = masks == null || masks.isEmpty() ? null : masks.get(0);
    LayerCall out = call(inputs.get(0), mask, init, training);
    int given = inputs.size();
    return new LayerCall(
            out.outputs(),
            null,
            out.outputCount(),
            out.penalty(),
            d -> out.backward(d).firstInputs(given))
        .withOutputMask(outputMask(mask));
  }
}
