package org.birnn.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.birnn.layers.LayerCall;
import org.birnn.layers.activations.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused inference and training passes of a concat Bidirectional (both directions straight into
 * the output: in place without a mask, packed with one) equal the layer-by-layer reference, and are
 * skipped where they do not apply.
 */
class FusedBidirectionalTest {
  private static final int BATCH = 64;
  private static final int TIME = 48;

  private static List<RecurrentLayer> cells(boolean returnSequences) {
    return List.of(
        LSTM.builder().units(5).returnSequences(returnSequences).seed(1L).build(),
        GRU.builder().units(4).returnSequences(returnSequences).seed(2L).build(),
        GRU.builder().units(3).resetAfter(false).returnSequences(returnSequences).seed(3L).build(),
        SimpleRNN.builder()
            .units(6)
            .activation(Activation.RELU)
            .returnSequences(returnSequences)
            .seed(4L)
            .build());
  }

  /**
   * Masks {@code [batch, time]}: none; right padding with lengths spread over 0..time (so the batch
   * splits into length groups); left padding; the same right padding as booleans.
   */
  private static Map<String, INDArray> masks() {
    Random r = new Random(9);
    INDArray right = Nd4j.zeros(DataType.FLOAT, BATCH, TIME);
    INDArray left = Nd4j.zeros(DataType.FLOAT, BATCH, TIME);
    for (int j = 0; j < BATCH; j++) {
      int len = j == 5 ? 0 : j == 6 ? TIME : r.nextInt(TIME + 1);
      for (int s = 0; s < len; s++) {
        right.putScalar(j, s, 1);
        left.putScalar(j, TIME - 1 - s, 1);
      }
    }
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("none", null);
    m.put("right", right);
    m.put("left", left);
    m.put("bool", right.castTo(DataType.BOOL));
    return m;
  }

  @Test
  void fusedConcatEqualsTheReferenceForEveryCellMaskAndOutputKind() {
    assumeTrue(Kernels.oneDnnAvailable(), "oneDNN natives not available");
    INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, TIME, 4).subi(0.5);
    for (boolean sequences : new boolean[] {true, false}) {
      for (RecurrentLayer cell : cells(sequences)) {
        Bidirectional fused = Bidirectional.of(cell);
        fused.build(x.shape());
        Bidirectional reference = referenceTwin(fused, cell, x);
        for (Map.Entry<String, INDArray> mask : masks().entrySet()) {
          String what =
              cell.className()
                  + (sequences ? " sequences" : " last step")
                  + " mask "
                  + mask.getKey();
          INDArray direct = fused.fusedInference(x, mask.getValue());
          assertNotNull(direct, what + ": the fused pass should apply");
          INDArray expected = reference.call(x, mask.getValue(), null, false).output();
          assertArrayEquals(expected.shape(), direct.shape(), what);
          double worst = expected.sub(direct).amaxNumber().doubleValue();
          assertTrue(worst < 1e-5, what + ": fused differs by " + worst);
          // call() takes the fused path, and its backward (recomputed layer by layer) is the
          // reference's.
          LayerCall out = fused.call(x, mask.getValue(), null, false);
          assertTrue(out.output().sub(expected).amaxNumber().doubleValue() < 1e-5, what);
          INDArray up = Nd4j.rand(DataType.FLOAT, expected.shape());
          LayerCall.Gradients g = out.backward(up);
          LayerCall.Gradients gr = reference.call(x, mask.getValue(), null, true).backward(up);
          double dx = g.input().sub(gr.input()).amaxNumber().doubleValue();
          assertTrue(dx < 1e-4, what + ": input gradient differs by " + dx);
        }
      }
    }
  }

  @Test
  void timeSegmentsOfAMaskedBatchEqualTheReference() {
    assumeTrue(Kernels.oneDnnAvailable(), "oneDNN natives not available");
    INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, TIME, 4).subi(0.5);
    // Free calls: a split at every 8 steps, each segment on the rows still running.
    double before = org.birnn.layers.internal.onednn.FusedBidirectional.setSegmentCallCost(0);
    try {
      for (boolean sequences : new boolean[] {true, false}) {
        for (RecurrentLayer cell : cells(sequences)) {
          Bidirectional fused = Bidirectional.of(cell);
          fused.build(x.shape());
          Bidirectional reference = referenceTwin(fused, cell, x);
          for (String kind : List.of("right", "left")) {
            INDArray mask = masks().get(kind);
            String what = cell.className() + (sequences ? " sequences" : " last step") + " " + kind;
            INDArray direct = fused.fusedInference(x, mask);
            INDArray expected = reference.call(x, mask, null, false).output();
            assertArrayEquals(expected.shape(), direct.shape(), what);
            double worst = expected.sub(direct).amaxNumber().doubleValue();
            assertTrue(worst < 1e-5, what + ": segmented pass differs by " + worst);
          }
        }
      }
    } finally {
      org.birnn.layers.internal.onednn.FusedBidirectional.setSegmentCallCost(before);
    }
  }

  @Test
  void aThreadsReusedBuffersServeBatchesThatGrowAndShrink() {
    // The segmented pass reuses each thread's arrays (packed inputs, outputs, two sets of
    // states) from call to call: a batch after a larger one, or after one with more states (an
    // LSTM's two, a GRU's one), must not see what the earlier call left there.
    assumeTrue(Kernels.oneDnnAvailable(), "oneDNN natives not available");
    double before = org.birnn.layers.internal.onednn.FusedBidirectional.setSegmentCallCost(0);
    try {
      Random r = new Random(21);
      int[][] shapes = {{9, 30}, {3, 7}, {20, 41}, {5, 12}, {20, 41}, {1, 3}};
      for (int[] shape : shapes) {
        INDArray x = Nd4j.rand(DataType.FLOAT, shape[0], shape[1], 4).subi(0.5);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, shape[0], shape[1]);
        for (int j = 0; j < shape[0]; j++) {
          int len = 1 + r.nextInt(shape[1]);
          for (int s = 0; s < len; s++) {
            mask.putScalar(j, s, 1);
          }
        }
        for (RecurrentLayer cell : cells(shape[0] % 2 == 1)) {
          Bidirectional fused = Bidirectional.of(cell);
          fused.build(x.shape());
          Bidirectional reference = referenceTwin(fused, cell, x);
          String what = cell.className() + " batch " + shape[0] + ", time " + shape[1];
          INDArray expected = reference.call(x, mask, null, false).output();
          for (int again = 0; again < 2; again++) {
            INDArray direct = fused.fusedInference(x, mask);
            assertNotNull(direct, what);
            double worst = expected.sub(direct).amaxNumber().doubleValue();
            assertTrue(worst < 1e-5, what + " (call " + again + "): differs by " + worst);
          }
        }
      }
    } finally {
      org.birnn.layers.internal.onednn.FusedBidirectional.setSegmentCallCost(before);
    }
  }

  @Test
  void fusedTrainingEqualsTheReferenceForEveryCell() {
    assumeTrue(Kernels.oneDnnAvailable(), "oneDNN natives not available");
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 11, 4).subi(0.5);
    for (RecurrentLayer cell : cells(true)) {
      Bidirectional fused = Bidirectional.of(cell);
      fused.build(x.shape());
      Bidirectional reference = referenceTwin(fused, cell, x);
      LayerCall out = fused.call(x, null, null, true);
      LayerCall expected = reference.call(x, null, null, true);
      String what = cell.className() + " training";
      assertTrue(out.output().sub(expected.output()).amaxNumber().doubleValue() < 1e-5, what);
      INDArray up = Nd4j.rand(DataType.FLOAT, expected.output().shape()).subi(0.5);
      LayerCall.Gradients g = out.backward(up);
      LayerCall.Gradients gr = expected.backward(up);
      assertClose(what + " d input", gr.input(), g.input());
      assertEquals(gr.weights().size(), g.weights().size(), what);
      for (int i = 0; i < gr.weights().size(); i++) {
        assertClose(what + " d weight " + i, gr.weights().get(i), g.weights().get(i));
      }
      assertEquals(gr.initialStates().size(), g.initialStates().size(), what);
      for (int i = 0; i < gr.initialStates().size(); i++) {
        assertClose(what + " d state " + i, gr.initialStates().get(i), g.initialStates().get(i));
      }
      // A second backward of the same pass (it recomputes) gives the same input gradient.
      assertClose(what + " again", g.input(), out.backward(up).input());
    }
  }

  @Test
  void fusedMaskedTrainingEqualsTheReferenceForEveryCellMaskAndOutputKind() {
    assumeTrue(Kernels.oneDnnAvailable(), "oneDNN natives not available");
    INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, TIME, 4).subi(0.5);
    for (boolean sequences : new boolean[] {true, false}) {
      for (RecurrentLayer cell : cells(sequences)) {
        Bidirectional fused = Bidirectional.of(cell);
        fused.build(x.shape());
        Bidirectional reference = referenceTwin(fused, cell, x);
        for (Map.Entry<String, INDArray> mask : masks().entrySet()) {
          if (mask.getValue() == null && sequences) {
            continue; // the unmasked sequence pass is FusedTraining's (above)
          }
          String what =
              cell.className()
                  + (sequences ? " sequences" : " last step")
                  + " mask "
                  + mask.getKey()
                  + " training";
          assertNotNull(
              BidirectionalPass.fusedMaskedTraining(
                  fused.forwardLayer(), fused.backwardLayer(), x, mask.getValue()),
              what + ": the fused pass should apply");
          LayerCall out = fused.call(x, mask.getValue(), null, true);
          LayerCall expected = reference.call(x, mask.getValue(), null, true);
          assertClose(what + " output", expected.output(), out.output());
          INDArray up = Nd4j.rand(DataType.FLOAT, expected.output().shape()).subi(0.5);
          LayerCall.Gradients g = out.backward(up);
          LayerCall.Gradients gr = expected.backward(up);
          assertClose(what + " d input", gr.input(), g.input());
          assertEquals(gr.weights().size(), g.weights().size(), what);
          for (int i = 0; i < gr.weights().size(); i++) {
            assertClose(what + " d weight " + i, gr.weights().get(i), g.weights().get(i));
          }
          // A second backward of the same pass (it packs and runs again) gives the same values.
          LayerCall.Gradients again = out.backward(up);
          assertClose(what + " again", g.input(), again.input());
          assertClose(what + " again d weight 0", g.weights().get(0), again.weights().get(0));
        }
      }
    }
  }

  @Test
  void maskedTrainingWithAHoleTakesTheLayerPath() {
    assumeTrue(Kernels.oneDnnAvailable(), "oneDNN natives not available");
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
    Bidirectional plain = Bidirectional.of(LSTM.builder().units(2).build());
    plain.build(x.shape());
    INDArray holes = Nd4j.ones(DataType.FLOAT, 2, 3);
    holes.putScalar(0, 1, 0);
    assertNull(
        BidirectionalPass.fusedMaskedTraining(
            plain.forwardLayer(), plain.backwardLayer(), x, holes));
    Bidirectional dropout = Bidirectional.of(LSTM.builder().units(2).dropout(0.5).build());
    dropout.build(x.shape());
    assertNull(
        BidirectionalPass.fusedMaskedTraining(
            dropout.forwardLayer(), dropout.backwardLayer(), x, null));
  }

  /** A layer with {@code fused}'s weights on the reference kernel. */
  private static Bidirectional referenceTwin(Bidirectional fused, RecurrentLayer cell, INDArray x) {
    Bidirectional reference = Bidirectional.of(cell);
    reference.build(x.shape());
    reference.setWeights(fused.getWeights());
    ((RNN) reference.forwardLayer()).setKernel(Kernels.reference());
    ((RNN) reference.backwardLayer()).setKernel(Kernels.reference());
    return reference;
  }

  private static void assertClose(String what, INDArray expected, INDArray actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    double scale = Math.max(1, expected.amaxNumber().doubleValue());
    double worst = expected.sub(actual).amaxNumber().doubleValue() / scale;
    assertTrue(worst < 1e-5, what + ": differs by " + worst);
  }

  @Test
  void layersThatKeepOrReturnStatesTakeTheLayerPath() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
    Bidirectional withStates =
        Bidirectional.of(LSTM.builder().units(2).returnSequences(true).returnState(true).build());
    withStates.build(x.shape());
    assertNull(withStates.fusedInference(x, null));
    Bidirectional hard =
        Bidirectional.of(
            LSTM.builder()
                .units(2)
                .recurrentActivation(Activation.HARD_SIGMOID)
                .returnSequences(true)
                .build());
    hard.build(x.shape());
    assertNull(hard.fusedInference(x, null));
    // A float64 layer computes in float64 even when given float32 inputs.
    Bidirectional doubles =
        Bidirectional.of(LSTM.builder().units(2).returnSequences(true).dtype("float64").build());
    doubles.build(x.shape());
    assertNull(doubles.fusedInference(x, null));
    assertEquals(DataType.DOUBLE, doubles.call(x, null, null, false).output().dataType());
    // A mask with a hole has no single run per sample: the layer path computes it.
    assumeTrue(Kernels.oneDnnAvailable(), "oneDNN natives not available");
    Bidirectional plain = Bidirectional.of(LSTM.builder().units(2).returnSequences(true).build());
    plain.build(x.shape());
    INDArray holes = Nd4j.ones(DataType.FLOAT, 2, 3);
    holes.putScalar(0, 1, 0);
    assertNull(plain.fusedInference(x, holes));
    assertNotNull(plain.fusedInference(x, Nd4j.ones(DataType.FLOAT, 2, 3)));
  }
}
