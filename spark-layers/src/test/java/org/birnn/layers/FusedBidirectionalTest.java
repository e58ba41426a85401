package org.birnn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.birnn.layers.activations.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused inference pass of a concat Bidirectional (both directions straight into the output)
 * equals the layer-by-layer reference, and is skipped where it does not apply.
 */
class FusedBidirectionalTest {
  @Test
  void fusedConcatEqualsTheReferenceForEveryCell() {
    assumeTrue(Kernels.oneDnnAvailable(), "oneDNN natives not available");
    List<RecurrentLayer> cells =
        List.of(
            LSTM.builder().units(5).returnSequences(true).seed(1L).build(),
            GRU.builder().units(4).returnSequences(true).seed(2L).build(),
            GRU.builder().units(3).resetAfter(false).returnSequences(true).seed(3L).build(),
            SimpleRNN.builder()
                .units(6)
                .activation(Activation.RELU)
                .returnSequences(true)
                .seed(4L)
                .build());
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 7, 4).subi(0.5);
    for (RecurrentLayer cell : cells) {
      Bidirectional fused = Bidirectional.of(cell);
      fused.build(x.shape());
      Bidirectional reference = Bidirectional.of(cell);
      reference.build(x.shape());
      reference.setWeights(fused.getWeights());
      ((RNN) reference.forwardLayer()).setKernel(Kernels.reference());
      ((RNN) reference.backwardLayer()).setKernel(Kernels.reference());
      INDArray direct = fused.fusedInference(x);
      assertNotNull(direct, cell.className() + ": the fused pass should apply");
      INDArray expected = reference.call(x, null, null, false).output();
      assertEquals(
          List.of(3L, 7L, 2L * cell.units()),
          List.of(direct.shape()[0], direct.shape()[1], direct.shape()[2]));
      double worst = expected.sub(direct).amaxNumber().doubleValue();
      assertTrue(worst < 1e-5, cell.className() + ": fused differs by " + worst);
      // call() takes the fused path, and its backward (recomputed layer by layer) is the
      // reference's.
      RecurrentOutput out = fused.call(x, null, null, false);
      assertTrue(out.output().sub(expected).amaxNumber().doubleValue() < 1e-5);
      INDArray up = Nd4j.rand(DataType.FLOAT, expected.shape());
      RecurrentGradients g = out.backward(up);
      RecurrentGradients gr = reference.call(x, null, null, true).backward(up);
      assertTrue(g.input().sub(gr.input()).amaxNumber().doubleValue() < 1e-4);
    }
  }

  @Test
  void layersThatKeepOrReturnStatesTakeTheLayerPath() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
    Bidirectional withStates =
        Bidirectional.of(LSTM.builder().units(2).returnSequences(true).returnState(true).build());
    withStates.build(x.shape());
    assertNull(withStates.fusedInference(x));
    Bidirectional lastStep = Bidirectional.of(LSTM.builder().units(2).build());
    lastStep.build(x.shape());
    assertNull(lastStep.fusedInference(x));
    Bidirectional hard =
        Bidirectional.of(
            LSTM.builder()
                .units(2)
                .recurrentActivation(Activation.HARD_SIGMOID)
                .returnSequences(true)
                .build());
    hard.build(x.shape());
    assertNull(hard.fusedInference(x));
    // A float64 layer computes in float64 even when given float32 inputs.
    Bidirectional doubles =
        Bidirectional.of(LSTM.builder().units(2).returnSequences(true).dtype("float64").build());
    doubles.build(x.shape());
    assertNull(doubles.fusedInference(x));
    assertEquals(DataType.DOUBLE, doubles.call(x, null, null, false).output().dataType());
  }
}
