package org.birnn.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.birnn.layers.LayerCall;
import org.birnn.layers.initializers.Initializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A masked concat {@code Bidirectional} in float32 (its merge and input-gradient sum run in Java on
 * the buffers) gives the float64 layer's outputs and gradients from the same weights.
 */
class BidirectionalFloat32Test {
  @Test
  void float32MatchesFloat64WithMaskBothHeads() {
    for (boolean sequences : new boolean[] {true, false}) {
      Bidirectional single = layer("float32", sequences);
      Bidirectional wide = layer("float64", sequences);
      Random r = new Random(5);
      INDArray x64 = Nd4j.create(DataType.DOUBLE, 3, 5, 4);
      INDArray mask = Nd4j.zeros(DataType.DOUBLE, 3, 5);
      int[] lengths = {5, 2, 4};
      for (int b = 0; b < 3; b++) {
        for (int t = 0; t < lengths[b]; t++) {
          mask.putScalar(b, t, 1);
          for (int f = 0; f < 4; f++) {
            x64.putScalar(new long[] {b, t, f}, r.nextGaussian());
          }
        }
      }
      single.build(List.of(x64.shape()));
      wide.build(List.of(x64.shape()));
      single.setWeights(wide.getWeights().stream().map(w -> w.castTo(DataType.FLOAT)).toList());
      LayerCall a = single.call(x64.castTo(DataType.FLOAT), mask, null, true);
      LayerCall b = wide.call(x64, mask, null, true);
      close(b.output(), a.output(), "output, sequences " + sequences);
      INDArray dy = Nd4j.rand(DataType.DOUBLE, b.output().shape()).subi(0.5);
      LayerCall.Gradients ga = a.backward(dy.castTo(DataType.FLOAT));
      LayerCall.Gradients gb = b.backward(dy);
      close(gb.input(), ga.input(), "input gradient, sequences " + sequences);
      for (int i = 0; i < gb.weights().size(); i++) {
        close(gb.weights().get(i), ga.weights().get(i), "weight " + i + ", sequences " + sequences);
      }
    }
  }

  private static Bidirectional layer(String dtype, boolean sequences) {
    RecurrentLayer cell =
        LSTM.builder()
            .units(3)
            .dtype(dtype)
            .returnSequences(sequences)
            .seed(3L)
            .biasInitializer(Initializer.randomNormal(0, 0.5, null))
            .build();
    return Bidirectional.of(cell);
  }

  private static void close(INDArray want, INDArray got, String what) {
    assertArrayEquals(want.shape(), got.shape(), what);
    double[] w = want.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] g = got.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], g[i], 1e-5, what + " at " + i);
    }
  }
}
