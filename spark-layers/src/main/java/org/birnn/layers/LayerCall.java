package org.birnn.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of one call of any {@link Layer}: the returned tensors, their time masks, the loss
 * terms the call adds, and the backward pass of this very call.
 *
 * <p>{@link #outputs()} lists the tensors in Keras order: the output(s) first ({@link
 * #outputCount()} of them: 1, or 2 for a {@code Bidirectional} with merge mode none), then the
 * final states of a recurrent layer that returns them. Each output has a time mask {@code [batch,
 * time]} or {@code null}; states never have one.
 *
 * <p>{@link #backward} takes one gradient per returned tensor and gives one {@link Gradients} for
 * every layer: one gradient per input, then one per weight in Keras order.
 */
public final class LayerCall {
  /** The backward pass of one call. */
  @FunctionalInterface
  public interface Backward {
    /**
     * @param dOutputs gradients with respect to {@link LayerCall#outputs()}, same order and shapes;
     *     an entry may be {@code null} for zero
     */
    Gradients apply(List<INDArray> dOutputs);
  }

  /**
   * Gradients of a scalar loss with respect to a layer call.
   *
   * <p>For a recurrent layer's {@code call(x, mask, initialState, training)} the inputs are {@code
   * [x, initial states...]}: {@code dx [batch, time, features]} then one {@code [batch, units]} per
   * state (those passed, or the zeros or stored states used). For a layer of a model they are one
   * per input of the call ({@code null} where an input takes no gradient, such as token ids).
   *
   * @param inputs one gradient per input
   * @param weights one gradient per weight, in Keras order and shapes
   */
  public record Gradients(List<INDArray> inputs, List<INDArray> weights, List<RowGradient> rows) {
    /** Makes defensive list copies; entries may be {@code null}. */
    public Gradients {
      inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
      weights = Collections.unmodifiableList(new ArrayList<>(weights));
      rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    /** Dense weight gradients only. */
    public Gradients(List<INDArray> inputs, List<INDArray> weights) {
      this(inputs, weights, List.of());
    }

    /** Gradients of a recurrent call: {@code [dx, d initial states...]} and the weights. */
    public static Gradients recurrent(
        INDArray input, List<INDArray> weights, List<INDArray> initialStates) {
      List<INDArray> in = new ArrayList<>(1 + initialStates.size());
      in.add(input);
      in.addAll(initialStates);
      return new Gradients(in, weights);
    }

    /** The gradient of the first input. */
    public INDArray input() {
      return inputs.get(0);
    }

    /** The gradients of the inputs after the first: a recurrent call's initial states. */
    public List<INDArray> initialStates() {
      return inputs.subList(1, inputs.size());
    }

    /** These gradients keeping the first {@code n} inputs only. */
    public Gradients firstInputs(int n) {
      return n == inputs.size() ? this : new Gradients(inputs.subList(0, n), weights, rows);
    }
  }

  /**
   * The gradient of weight {@code weight} (its index in the layer's weights) where only some rows
   * are non-zero, as an embedding's: {@code values [rows.length, columns]}, row {@code i} the
   * gradient of row {@code rows[i]}. Adding it costs the rows touched, not the whole table.
   */
  public record RowGradient(int weight, int[] rows, INDArray values) {}

  private final List<INDArray> outputs;
  private final List<INDArray> masks;
  private final int outputCount;
  private final double penalty;
  private final Backward backward;

  /**
   * @param outputs all returned tensors in Keras order
   * @param masks one time mask (or {@code null}) per returned tensor; {@code null} for none at all
   * @param outputCount how many of them are outputs rather than states
   * @param penalty the loss terms this call adds (activity regularization), 0 without
   * @param backward the backward pass
   */
  public LayerCall(
      List<INDArray> outputs,
      List<INDArray> masks,
      int outputCount,
      double penalty,
      Backward backward) {
    this.outputs = Collections.unmodifiableList(new ArrayList<>(outputs));
    List<INDArray> m = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      m.add(masks == null ? null : masks.get(i));
    }
    this.masks = Collections.unmodifiableList(m);
    this.outputCount = outputCount;
    this.penalty = penalty;
    this.backward = backward;
  }

  /** A call whose every returned tensor is an output, with no penalty. */
  public static LayerCall of(List<INDArray> outputs, List<INDArray> masks, Backward backward) {
    return new LayerCall(outputs, masks, outputs.size(), 0, backward);
  }

  /** Every returned tensor: outputs, then states when the layer returns them. */
  public List<INDArray> outputs() {
    return outputs;
  }

  /** The first output, for example {@code [batch, time, u]} or {@code [batch, u]}. */
  public INDArray output() {
    return outputs.get(0);
  }

  /** The returned states (empty unless the layer returns them). */
  public List<INDArray> states() {
    return outputs.subList(outputCount, outputs.size());
  }

  /** How many of {@link #outputs()} are outputs rather than states. */
  public int outputCount() {
    return outputCount;
  }

  /** One time mask (or {@code null}) per returned tensor. */
  public List<INDArray> outputMasks() {
    return masks;
  }

  /** Loss terms this call adds (activity regularization); 0 without. */
  public double penalty() {
    return penalty;
  }

  /**
   * This call with {@code mask} on each output and none on the states (the Keras rule for a
   * recurrent layer: the input mask with {@code return_sequences}, else {@code null}).
   */
  public LayerCall withOutputMask(INDArray mask) {
    List<INDArray> m = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      m.add(i < outputCount ? mask : null);
    }
    return new LayerCall(outputs, m, outputCount, penalty, backward);
  }

  /**
   * Backpropagates gradients with respect to {@link #outputs()} (one per entry, {@code null} for
   * zero).
   *
   * @throws IllegalArgumentException when the count or a shape differs from the outputs
   */
  public Gradients backward(List<INDArray> dOutputs) {
    if (dOutputs.size() != outputs.size()) {
      throw new IllegalArgumentException(
          "backward needs one gradient per returned tensor: expected "
              + outputs.size()
              + ", received "
              + dOutputs.size());
    }
    for (int i = 0; i < outputs.size(); i++) {
      INDArray d = dOutputs.get(i);
      if (d != null && !Arrays.equals(d.shape(), outputs.get(i).shape())) {
        throw new IllegalArgumentException(
            "Gradient "
                + i
                + " has shape "
                + Arrays.toString(d.shape())
                + "; expected the shape of output "
                + i
                + ", "
                + Arrays.toString(outputs.get(i).shape()));
      }
    }
    return backward.apply(new ArrayList<>(dOutputs));
  }

  /** Backward with the gradient of the first output only (zero for the others). */
  public Gradients backward(INDArray dOutput) {
    List<INDArray> d = new ArrayList<>(outputs.size());
    d.add(dOutput);
    for (int i = 1; i < outputs.size(); i++) {
      d.add(null);
    }
    return backward(d);
  }
}
