package org.birnn.layers.rnn.cells;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One time step of a recurrent cell on a batch, and its gradient.
 *
 * <p>The loop projects the inputs of all time steps at once ({@code xp = x K + inputBias}, one
 * matrix multiply per sequence); a cell adds the recurrent product and applies the fused gate
 * arithmetic. The first state is the output {@code h}.
 *
 * <p>Shapes: {@code xp [batch, gates * units]}, every state {@code [batch, units]}.
 */
public interface RecurrentCell {
  /** Units of the output and of each state. */
  int units();

  /** Number of gate blocks in the fused weights. */
  int gates();

  /** Number of state tensors. */
  int stateCount();

  /**
   * The part of the bias added to the input projection, {@code [gates * units]}, or {@code null}
   * without bias.
   */
  INDArray inputBias(INDArray bias);

  /**
   * One forward step.
   *
   * @param xp input projection of this step including the input bias
   * @param states previous states (not modified)
   * @param w the cell's weights
   * @param recurrentMasks per-gate recurrent dropout masks {@code [batch, units]}, or {@code null}
   */
  Step forward(INDArray xp, List<INDArray> states, CellWeights w, INDArray[] recurrentMasks);

  /**
   * The backward of one step.
   *
   * @param step what {@link #forward} returned
   * @param dStates gradients with respect to the new states (same order; the output gradient is
   *     already added to the first)
   * @param w the cell's weights
   * @param grads accumulates the recurrent kernel gradient (and any recurrent-bias gradient); the
   *     kernel and input bias gradients are the loop's job
   * @return the gradient with respect to {@code xp} and to the previous states
   */
  StepGradient backward(
      Step step,
      List<INDArray> dStates,
      CellWeights w,
      CellWeights grads,
      INDArray[] recurrentMasks);

  /** What a forward step returns: the new states and whatever its backward needs. */
  interface Step {
    /** The new states; {@code states().get(0)} is the output. */
    List<INDArray> states();
  }

  /**
   * The gradients of one step.
   *
   * @param dxp gradient with respect to the step's input projection, {@code [batch, gates * units]}
   * @param dPrevStates gradients with respect to the previous states
   */
  record StepGradient(INDArray dxp, List<INDArray> dPrevStates) {}
}
