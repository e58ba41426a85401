package org.birnn.layers;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Adapts a {@link RecurrentOutput} to the {@link LayerCall} contract of models. */
final class RecurrentCalls {
  private RecurrentCalls() {}

  /** The {@code call(x, mask, initialState, training)} of a recurrent layer or wrapper. */
  @FunctionalInterface
  interface Caller {
    RecurrentOutput call(INDArray x, INDArray mask, List<INDArray> initialState, boolean training);
  }

  /**
   * A model-layer forward pass: {@code inputs = [x, initial states...]}, {@code masks[0]} the time
   * mask.
   */
  static LayerCall forward(
      Caller layer,
      List<INDArray> inputs,
      List<INDArray> masks,
      boolean training,
      boolean keepMask) {
    List<INDArray> init = inputs.size() > 1 ? inputs.subList(1, inputs.size()) : null;
    INDArray mask = masks == null || masks.isEmpty() ? null : masks.get(0);
    return asLayerCall(
        layer.call(inputs.get(0), mask, init, training), mask, keepMask, init != null);
  }

  /**
   * @param mask the input time mask
   * @param keepMask whether the output(s) keep it ({@code return_sequences}); states never do
   * @param statesGiven whether the call's inputs held initial states (they then get gradients)
   */
  static LayerCall asLayerCall(
      RecurrentOutput out, INDArray mask, boolean keepMask, boolean statesGiven) {
    List<INDArray> masks = new ArrayList<>();
    for (int i = 0; i < out.outputs().size(); i++) {
      masks.add(i < out.outputCount() && keepMask ? mask : null);
    }
    return new LayerCall() {
      @Override
      public List<INDArray> outputs() {
        return out.outputs();
      }

      @Override
      public List<INDArray> outputMasks() {
        return masks;
      }

      @Override
      public double penalty() {
        return out.activityPenalty();
      }

      @Override
      public Backprop backward(List<INDArray> dOutputs) {
        RecurrentGradients g = out.backward(dOutputs);
        List<INDArray> dIn = new ArrayList<>();
        dIn.add(g.input());
        if (statesGiven) {
          dIn.addAll(g.initialStates());
        }
        return new Backprop(dIn, g.weights());
      }
    };
  }
}
