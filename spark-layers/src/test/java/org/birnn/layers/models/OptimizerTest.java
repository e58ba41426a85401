package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.birnn.layers.optimizers.Adagrad;
import org.birnn.layers.optimizers.Adam;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.optimizers.RMSprop;
import org.birnn.layers.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Two steps of each optimizer against the Keras 3 formulas worked out by hand. */
class OptimizerTest {
  private static final double[] W0 = {1.0, -2.0};
  private static final double[][] G = {{0.5, -1.0}, {0.25, 2.0}};

  private static double[] run(Optimizer o) {
    INDArray w = Nd4j.create(W0.clone(), new long[] {2}, DataType.DOUBLE);
    INDArray state = Nd4j.create(DataType.DOUBLE, Math.max(1, o.slots() * 2L));
    o.initState(state, 2);
    for (int s = 0; s < G.length; s++) {
      o.apply(w, Nd4j.create(G[s], new long[] {2}, DataType.DOUBLE), state, s, new long[] {0, 2});
    }
    return w.toDoubleVector();
  }

  @Test
  void sgdWithMomentumAndNesterov() {
    assertArrayEquals(new double[] {1 - 0.1 * 0.75, -2 - 0.1 * 1.0}, run(new SGD(0.1)), 1e-12);
    // m1 = -lr g1; w1 = w0 + m1; m2 = 0.9 m1 - lr g2; w2 = w1 + m2
    double[] m1 = {-0.05, 0.1};
    double[] m2 = {0.9 * -0.05 - 0.025, 0.9 * 0.1 - 0.2};
    assertArrayEquals(
        new double[] {1 + m1[0] + m2[0], -2 + m1[1] + m2[1]},
        run(new SGD(0.1, 0.9, false, null, null, null)),
        1e-12);
    // nesterov: w += momentum * m - lr g
    double[] n1 = {0.9 * m1[0] - 0.05, 0.9 * m1[1] + 0.1};
    double[] n2 = {0.9 * m2[0] - 0.025, 0.9 * m2[1] - 0.2};
    assertArrayEquals(
        new double[] {1 + n1[0] + n2[0], -2 + n1[1] + n2[1]},
        run(new SGD(0.1, 0.9, true, null, null, null)),
        1e-12);
  }

  @Test
  void rmspropKeepsEpsilonInsideTheSquareRoot() {
    double rho = 0.9;
    double lr = 0.01;
    double eps = 1e-7;
    double[] w = W0.clone();
    double[] v = {0, 0};
    for (double[] g : G) {
      for (int i = 0; i < 2; i++) {
        v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
        w[i] -= lr * g[i] / Math.sqrt(v[i] + eps);
      }
    }
    assertArrayEquals(w, run(new RMSprop(lr)), 1e-12);
  }

  @Test
  void adamUsesTheBiasCorrectedStepSize() {
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-7;
    double[] w = W0.clone();
    double[] m = {0, 0};
    double[] v = {0, 0};
    for (int t = 1; t <= G.length; t++) {
      double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      for (int i = 0; i < 2; i++) {
        double g = G[t - 1][i];
        m[i] += (g - m[i]) * (1 - b1);
        v[i] += (g * g - v[i]) * (1 - b2);
        w[i] -= m[i] * alpha / (Math.sqrt(v[i]) + eps);
      }
    }
    assertArrayEquals(w, run(new Adam(lr)), 1e-12);
  }

  @Test
  void adagradStartsItsAccumulatorAtPointOne() {
    double lr = 0.1;
    double[] w = W0.clone();
    double[] acc = {0.1, 0.1};
    for (double[] g : G) {
      for (int i = 0; i < 2; i++) {
        acc[i] += g[i] * g[i];
        w[i] -= lr * g[i] / Math.sqrt(acc[i] + 1e-7);
      }
    }
    assertArrayEquals(w, run(new Adagrad(lr)), 1e-12);
  }

  @Test
  void clippingFollowsKeras() {
    // clipvalue 0.3: g1 = [0.3, -0.3], g2 = [0.25, 0.3]
    assertArrayEquals(
        new double[] {1 - 0.1 * 0.55, -2 - 0.1 * 0.0},
        run(new SGD(0.1, 0, false, null, null, 0.3)),
        1e-12);
    // clipnorm 1.0 per tensor: |g1| = 1.118 -> scaled; |g2| = 2.0156 -> scaled
    double n1 = Math.hypot(0.5, 1.0);
    double n2 = Math.hypot(0.25, 2.0);
    assertArrayEquals(
        new double[] {1 - 0.1 * (0.5 / n1 + 0.25 / n2), -2 - 0.1 * (-1.0 / n1 + 2.0 / n2)},
        run(new SGD(0.1, 0, false, 1.0, null, null)),
        1e-12);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 0, false, 1.0, null, 0.5));
    assertTrue(
        e.getMessage().contains("Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"));
    IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> new Adam(0));
    assertTrue(lr.getMessage().contains("learning_rate must be a finite number > 0; received 0.0"));
    IllegalArgumentException name =
        assertThrows(IllegalArgumentException.class, () -> Optimizer.get("lion"));
    assertTrue(name.getMessage().contains("Unknown optimizer 'lion'"));
  }

  @Test
  void configsRoundTrip() {
    for (String n : new String[] {"sgd", "rmsprop", "adam", "adagrad"}) {
      Optimizer o = Optimizer.get(n);
      assertTrue(Optimizer.fromJson(o.serialize()).toString().equals(o.toString()), n);
    }
  }
}
