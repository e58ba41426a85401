package org.birnn.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of a scalar loss with respect to a recurrent layer's call.
 *
 * @param input {@code [batch, time, features]}
 * @param weights one per weight, in {@link RecurrentLayer#getWeights()} (Keras) order and shapes
 * @param initialStates one per initial state (those passed, or the zeros or stored states used)
 */
public record RecurrentGradients(
    INDArray input, List<INDArray> weights, List<INDArray> initialStates) {}
