package org.birnn.layers.rnn.cells;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights of one recurrent cell in Keras layout (KERAS_SPEC W3-W5), or their gradients.
 *
 * @param kernel {@code [input, gates * units]}
 * @param recurrentKernel {@code [units, gates * units]}
 * @param bias {@code [gates * units]}, {@code [2, 3 * units]} for GRU with {@code reset_after}, or
 *     {@code null} without bias
 */
public record CellWeights(INDArray kernel, INDArray recurrentKernel, INDArray bias) {
  /** Zero-filled arrays of the same shapes and type, to accumulate gradients into. */
  public CellWeights zerosLike() {
    return new CellWeights(
        kernel.ulike().assign(0),
        recurrentKernel.ulike().assign(0),
        bias == null ? null : bias.ulike().assign(0));
  }
}
