package org.birnn.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.cells.CellWeights;
import org.birnn.layers.cells.LstmCell;
import org.birnn.layers.internal.RecurrentLoop;
import org.birnn.layers.internal.SequenceKernel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fused LSTM gate arithmetic equals the op-by-op reference to 1e-5 (STYLE H19). */
class FusedKernelTest {
  @Test
  void fusedLstmStepEqualsTheReferenceFormulasForwardAndBackward() {
    Random r = new Random(9);
    for (Activation act :
        new Activation[] {Activation.TANH, Activation.RELU, Activation.SOFTSIGN}) {
      for (Activation rec : new Activation[] {Activation.SIGMOID, Activation.HARD_SIGMOID}) {
        int b = 3;
        int t = 5;
        int f = 4;
        int u = 3;
        CellWeights w =
            new CellWeights(
                LayerTestSupport.randn(r, f, 4 * u).muli(0.5),
                LayerTestSupport.randn(r, u, 4 * u).muli(0.5),
                LayerTestSupport.randn(r, 4 * u).muli(0.5));
        INDArray xs = LayerTestSupport.randn(r, t, b, f);
        INDArray mask = Nd4j.ones(DataType.FLOAT, t, b);
        mask.putScalar(new long[] {2, 1}, 0);
        List<INDArray> init =
            List.of(LayerTestSupport.randn(r, b, u), LayerTestSupport.randn(r, b, u));
        SequenceKernel.Input in = new SequenceKernel.Input(xs, mask, init, w, null, null, true);
        INDArray up = LayerTestSupport.randn(r, t, b, u);
        List<INDArray> upStates =
            List.of(LayerTestSupport.randn(r, b, u), LayerTestSupport.randn(r, b, u));
        List<INDArray> results = new ArrayList<>();
        for (boolean fused : new boolean[] {true, false}) {
          LstmCell cell = new LstmCell(u, act, rec, fused);
          SequenceKernel.Forward fw = RecurrentLoop.INSTANCE.forward(cell, in);
          SequenceKernel.Gradients g = RecurrentLoop.INSTANCE.backward(fw, up, upStates);
          results.add(
              Nd4j.toFlattened(
                  fw.emitted(),
                  fw.finalStates().get(1),
                  g.dxs(),
                  g.dWeights().kernel(),
                  g.dWeights().recurrentKernel(),
                  g.dWeights().bias(),
                  g.dInitialStates().get(0),
                  g.dInitialStates().get(1)));
        }
        double diff = results.get(0).sub(results.get(1)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, act + "/" + rec + ": fused differs from the reference by " + diff);
      }
    }
  }
}
