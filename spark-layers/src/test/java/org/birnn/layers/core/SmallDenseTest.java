package org.birnn.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.birnn.layers.LayerCall;
import org.birnn.layers.activations.Activation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dense's Java path for small heads gives ND4J's path's outputs and gradients. */
class SmallDenseTest {
  @AfterEach
  void restore() {
    SmallDense.enabled = true;
  }

  @Test
  void javaPathEqualsNd4jPath() {
    Random r = new Random(11);
    for (Activation act : List.of(Activation.SOFTMAX, Activation.LINEAR)) {
      for (boolean bias : new boolean[] {true, false}) {
        for (long[] shape : List.of(new long[] {5, 7}, new long[] {3, 4, 7})) {
          Dense d = Dense.builder().units(6).activation(act).useBias(bias).build();
          d.build(List.of(shape));
          // A bias of zeros would hide a missing bias term.
          d.weightArrays().forEach(wt -> wt.assign(random(wt.shape(), r)));
          INDArray x = random(shape, r);
          INDArray dy = random(outShape(shape, 6), r);
          assertTrue(SmallDense.applies(x, d.weightArrays().get(0), act));
          LayerCall fast = d.forward(List.of(x), java.util.Collections.singletonList(null), true);
          LayerCall.Gradients gf = fast.backward(dy);
          SmallDense.enabled = false;
          LayerCall slow = d.forward(List.of(x), java.util.Collections.singletonList(null), true);
          LayerCall.Gradients gs = slow.backward(dy);
          SmallDense.enabled = true;
          String what = act + " bias " + bias + " rank " + shape.length;
          close(slow.output(), fast.output(), what + " output");
          close(gs.inputs().get(0), gf.inputs().get(0), what + " dx");
          assertEquals(gs.weights().size(), gf.weights().size(), what);
          for (int i = 0; i < gs.weights().size(); i++) {
            close(gs.weights().get(i), gf.weights().get(i), what + " weight gradient " + i);
          }
        }
      }
    }
  }

  @Test
  void largeDoubleOrOtherActivationsTakeNd4jsPath() {
    INDArray k = Nd4j.zeros(DataType.FLOAT, 64, 4);
    assertTrue(SmallDense.applies(Nd4j.zeros(DataType.FLOAT, 32, 64), k, Activation.SOFTMAX));
    assertFalse(SmallDense.applies(Nd4j.zeros(DataType.FLOAT, 32, 64), k, Activation.TANH));
    assertFalse(SmallDense.applies(Nd4j.zeros(DataType.DOUBLE, 32, 64), k, Activation.LINEAR));
    assertFalse(
        SmallDense.applies(
            Nd4j.zeros(DataType.FLOAT, 2000, 64),
            Nd4j.zeros(DataType.FLOAT, 64, 4),
            Activation.LINEAR));
  }

  private static long[] outShape(long[] in, int units) {
    long[] out = in.clone();
    out[out.length - 1] = units;
    return out;
  }

  private static INDArray random(long[] shape, Random r) {
    int n = 1;
    for (long s : shape) {
      n *= (int) s;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Nd4j.create(v, shape, 'c');
  }

  private static void close(INDArray want, INDArray got, String what) {
    assertArrayEquals(want.shape(), got.shape(), what);
    float[] w = want.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] g = got.castTo(DataType.FLOAT).dup('c').data().asFloat();
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], g[i], 1e-5 + 1e-5 * Math.abs(w[i]), what + " at " + i);
    }
  }
}
