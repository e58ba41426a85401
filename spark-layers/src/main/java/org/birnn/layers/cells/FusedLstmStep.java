package org.birnn.layers.cells;

import org.birnn.layers.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LSTM gate arithmetic of one step fused into one pass over the step's buffers, forward and
 * backward: a handful of array transfers per step instead of a dozen ND4J element-wise calls on
 * strided gate blocks. Used by {@link LstmCell} for element-wise activations; the numbers equal the
 * op-by-op formulas (tested against the Keras fixtures and finite differences).
 */
final class FusedLstmStep {
  private FusedLstmStep() {}

  /**
   * Forward: {@code z [B, 4U]} (gate pre-activations) and {@code cPrev [B, U]} to the activated
   * gates {@code [B, 4U]} (i, f, g, o), {@code c'} and {@code tanh(c')} (as arrays), and {@code
   * h'}.
   */
  static double[][] forward(
      double[] z, double[] cPrev, int b, int u, Activation act, Activation rec) {
    int gu = 4 * u;
    double[] gates = new double[b * gu];
    double[] c = new double[b * u];
    double[] tc = new double[b * u];
    double[] h = new double[b * u];
    for (int n = 0; n < b; n++) {
      int zr = n * gu;
      int sr = n * u;
      for (int k = 0; k < u; k++) {
        double i = rec.scalar(z[zr + k]);
        double f = rec.scalar(z[zr + u + k]);
        double g = act.scalar(z[zr + 2 * u + k]);
        double o = rec.scalar(z[zr + 3 * u + k]);
        gates[zr + k] = i;
        gates[zr + u + k] = f;
        gates[zr + 2 * u + k] = g;
        gates[zr + 3 * u + k] = o;
        double cn = f * cPrev[sr + k] + i * g;
        double t = act.scalar(cn);
        c[sr + k] = cn;
        tc[sr + k] = t;
        h[sr + k] = o * t;
      }
    }
    return new double[][] {gates, c, tc, h};
  }

  /**
   * Backward: from {@code dh}, {@code dc} (gradients of the new states) to {@code dz [B, 4U]} and
   * {@code dcPrev [B, U]}.
   */
  static double[][] backward(
      double[] z,
      double[] gates,
      double[] cPrev,
      double[] c,
      double[] tc,
      double[] dh,
      double[] dcIn,
      int b,
      int u,
      Activation act,
      Activation rec) {
    int gu = 4 * u;
    double[] dz = new double[b * gu];
    double[] dcPrev = new double[b * u];
    for (int n = 0; n < b; n++) {
      int zr = n * gu;
      int sr = n * u;
      for (int k = 0; k < u; k++) {
        double i = gates[zr + k];
        double f = gates[zr + u + k];
        double g = gates[zr + 2 * u + k];
        double o = gates[zr + 3 * u + k];
        double dhv = dh[sr + k];
        double dc = dcIn[sr + k] + dhv * o * act.scalarDerivative(c[sr + k], tc[sr + k]);
        dz[zr + k] = dc * g * rec.scalarDerivative(z[zr + k], i);
        dz[zr + u + k] = dc * cPrev[sr + k] * rec.scalarDerivative(z[zr + u + k], f);
        dz[zr + 2 * u + k] = dc * i * act.scalarDerivative(z[zr + 2 * u + k], g);
        dz[zr + 3 * u + k] = dhv * tc[sr + k] * rec.scalarDerivative(z[zr + 3 * u + k], o);
        dcPrev[sr + k] = dc * f;
      }
    }
    return new double[][] {dz, dcPrev};
  }

  static double[] values(INDArray a) {
    return a.dataType() == DataType.DOUBLE
            && !a.isView()
            && a.ordering() == 'c'
            && a.data().length() == a.length()
        ? a.data().asDouble()
        : a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  static INDArray array(double[] v, long rows, long cols, DataType type) {
    INDArray d = Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    return type == DataType.DOUBLE ? d : d.castTo(type);
  }
}
