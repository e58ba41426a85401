package org.birnn.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One forward pass of a {@link Layer}: its outputs, their masks, and its backward pass. */
public interface LayerCall {
  /** The output tensors. */
  List<INDArray> outputs();

  /** One time mask (or {@code null}) per output. */
  List<INDArray> outputMasks();

  /** Loss terms this call adds (activity regularization); 0 by default. */
  default double penalty() {
    return 0;
  }

  /**
   * Backpropagates.
   *
   * @param dOutputs one gradient per output, {@code null} for zero
   * @return gradients with respect to the inputs and the weights (Keras order)
   */
  Backprop backward(List<INDArray> dOutputs);

  /**
   * Gradients of a layer call.
   *
   * @param dInputs one per input ({@code null} where the input takes no gradient, such as token
   *     ids)
   * @param dWeights one per weight, in Keras order
   */
  record Backprop(List<INDArray> dInputs, List<INDArray> dWeights) {}
}
