package org.birnn.layers.rnn.kernels;

import java.util.List;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a recurrent cell over a whole sequence, forward and backward. {@link RecurrentLoop} is the
 * reference; a faster kernel implements the same contract and must give the same numbers.
 *
 * <p>All sequences here are time-major and in processing order: step {@code s} of a {@code
 * go_backwards} layer is time index {@code T-1-s}. The layer does the reordering.
 */
public interface SequenceKernel {
  /**
   * The inputs of one sequence pass.
   *
   * @param xs inputs {@code [T, batch, features]}
   * @param mask {@code [T, batch]} with 1 for a kept step and 0 for a masked one, or {@code null}
   * @param initialStates one {@code [batch, units]} array per state
   * @param weights the cell's weights
   * @param inputMasks per-gate input dropout masks {@code [batch, features]} (the same array
   *     repeated when Keras draws one mask), or {@code null}
   * @param recurrentMasks per-gate recurrent dropout masks {@code [batch, units]}, or {@code null}
   * @param zeroOutputForMask emit 0 at masked steps instead of the previous output
   * @param training whether a backward pass is expected (a kernel may keep more for it)
   * @param needFinalStates whether the caller reads every final state; when false, a kernel may
   *     leave states other than {@code h} out ({@code null}) of {@link Forward#finalStates()}
   */
  record Input(
      INDArray xs,
      INDArray mask,
      List<INDArray> initialStates,
      CellWeights weights,
      INDArray[] inputMasks,
      INDArray[] recurrentMasks,
      boolean zeroOutputForMask,
      boolean training,
      boolean needFinalStates) {
    /** An input for training that needs every final state. */
    public Input(
        INDArray xs,
        INDArray mask,
        List<INDArray> initialStates,
        CellWeights weights,
        INDArray[] inputMasks,
        INDArray[] recurrentMasks,
        boolean zeroOutputForMask) {
      this(
          xs,
          mask,
          initialStates,
          weights,
          inputMasks,
          recurrentMasks,
          zeroOutputForMask,
          true,
          true);
    }
  }

  /** What the forward pass returns; {@code tape} is opaque to callers. */
  interface Forward {
    /** Emitted outputs {@code [T, batch, units]} in processing order. */
    INDArray emitted();

    /** Final states, each {@code [batch, units]}. */
    List<INDArray> finalStates();

    /**
     * Frees this pass's intermediates (never the final states): the caller has copied what it needs
     * and will not call {@link #backward} or read {@link #emitted()} again.
     */
    default void release() {}
  }

  /**
   * Gradients of a sequence pass.
   *
   * @param dxs {@code [T, batch, features]}
   * @param dWeights same shapes as the weights
   * @param dInitialStates one per initial state
   */
  record Gradients(INDArray dxs, CellWeights dWeights, List<INDArray> dInitialStates) {}

  /** Runs the forward pass. */
  Forward forward(RecurrentCell cell, Input input);

  /**
   * Runs the backward pass of a forward pass of this kernel.
   *
   * @param dEmitted gradient with respect to the emitted outputs {@code [T, batch, units]}, or
   *     {@code null} for zero
   * @param dFinalStates gradients with respect to the final states; the list or any entry may be
   *     {@code null} for zero
   */
  Gradients backward(Forward forward, INDArray dEmitted, List<INDArray> dFinalStates);
}
