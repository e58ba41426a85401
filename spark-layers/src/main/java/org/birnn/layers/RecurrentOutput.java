package org.birnn.layers;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of a recurrent layer's call: the output, the final states, and the backward pass of
 * this very call.
 *
 * <p>{@link #outputs()} lists the tensors in Keras order: the output (or, for a {@link
 * Bidirectional} with merge mode none, the forward and backward outputs), then the states if the
 * layer returns them.
 */
public final class RecurrentOutput {
  /** The backward pass of one call. */
  @FunctionalInterface
  public interface Backward {
    /**
     * @param dOutputs gradients with respect to {@link RecurrentOutput#outputs()}, same order; an
     *     entry may be {@code null} for zero
     */
    RecurrentGradients apply(List<INDArray> dOutputs);
  }

  private final List<INDArray> outputs;
  private final int leading;
  private final double activityPenalty;
  private final Backward backward;

  /**
   * @param outputs all returned tensors in Keras order
   * @param leading how many of them are outputs rather than states (1, or 2 for merge mode none)
   * @param activityPenalty the activity regularization penalty of this call (0 without one)
   * @param backward the backward pass
   */
  public RecurrentOutput(
      List<INDArray> outputs, int leading, double activityPenalty, Backward backward) {
    this.outputs = List.copyOf(outputs);
    this.leading = leading;
    this.activityPenalty = activityPenalty;
    this.backward = backward;
  }

  /** Every returned tensor: outputs, then states when the layer returns them. */
  public List<INDArray> outputs() {
    return outputs;
  }

  /** The (merged) output: {@code [batch, time, u]} or {@code [batch, u]}. */
  public INDArray output() {
    return outputs.get(0);
  }

  /** The final states (empty unless the layer returns them). */
  public List<INDArray> states() {
    return outputs.subList(leading, outputs.size());
  }

  /** How many of {@link #outputs()} are outputs rather than states. */
  public int outputCount() {
    return leading;
  }

  /** The activity-regularization penalty of this call, to add to the loss (0 without one). */
  public double activityPenalty() {
    return activityPenalty;
  }

  /**
   * Backpropagates gradients with respect to {@link #outputs()} (one per entry, {@code null} for
   * zero); the activity regularizer's gradient is added.
   */
  public RecurrentGradients backward(List<INDArray> dOutputs) {
    if (dOutputs.size() != outputs.size()) {
      throw new IllegalArgumentException(
          "backward needs one gradient per returned tensor: expected "
              + outputs.size()
              + ", received "
              + dOutputs.size());
    }
    for (int i = 0; i < outputs.size(); i++) {
      INDArray d = dOutputs.get(i);
      if (d != null && !java.util.Arrays.equals(d.shape(), outputs.get(i).shape())) {
        throw new IllegalArgumentException(
            "Gradient "
                + i
                + " has shape "
                + java.util.Arrays.toString(d.shape())
                + "; expected the shape of output "
                + i
                + ", "
                + java.util.Arrays.toString(outputs.get(i).shape()));
      }
    }
    return backward.apply(new ArrayList<>(dOutputs));
  }

  /** Backward with the gradient of the first output only. */
  public RecurrentGradients backward(INDArray dOutput) {
    List<INDArray> d = new ArrayList<>();
    d.add(dOutput);
    for (int i = 1; i < outputs.size(); i++) {
      d.add(null);
    }
    return backward(d);
  }
}
