package org.birnn.layers;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Adapts a {@link RecurrentOutput} to the {@link LayerCall} contract of models. */
final class RecurrentCalls {
  private RecurrentCalls() {}

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
