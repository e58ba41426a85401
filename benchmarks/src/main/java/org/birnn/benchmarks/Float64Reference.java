package org.birnn.benchmarks;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float64 reference every candidate's output is checked against: Keras's bidirectional LSTM
 * (gates {@code i, f, c, o}) or GRU ({@code reset_after}, gates {@code z, r, h}) in plain Java
 * doubles, written from the Keras equations and independent of the code under test. A row of length
 * {@code len} runs forward over steps {@code 0..len-1} and backward from {@code len-1} down to 0,
 * which is what Keras's masked layer computes on right-padded input; steps at and after {@code len}
 * are not compared.
 */
final class Float64Reference {
  private final boolean gru;
  private final int units;
  private final double[][][] kernels = new double[2][][];
  private final double[][][] recurrents = new double[2][][];
  private final double[][][] biases = new double[2][][];

  /**
   * @param cell {@code "lstm"} or {@code "gru"}
   * @param kerasWeights per direction: kernel {@code [input, gates*units]}, recurrent kernel {@code
   *     [units, gates*units]}, bias ({@code [gates*units]}, GRU {@code [2, 3*units]})
   */
  Float64Reference(String cell, int units, List<INDArray> kerasWeights) {
    this.gru = cell.equals("gru");
    this.units = units;
    for (int d = 0; d < 2; d++) {
      kernels[d] = kerasWeights.get(3 * d).castTo(DataType.DOUBLE).toDoubleMatrix();
      recurrents[d] = kerasWeights.get(3 * d + 1).castTo(DataType.DOUBLE).toDoubleMatrix();
      INDArray b = kerasWeights.get(3 * d + 2).castTo(DataType.DOUBLE);
      biases[d] = b.rank() == 1 ? new double[][] {b.toDoubleVector()} : b.toDoubleMatrix();
    }
  }

  /** Row {@code b}'s output {@code [len, 2 units]}: forward states, then backward states. */
  double[][] row(double[][] steps, int len) {
    double[][] out = new double[len][2 * units];
    for (int d = 0; d < 2; d++) {
      double[] h = new double[units];
      double[] c = new double[units];
      for (int k = 0; k < len; k++) {
        int t = d == 0 ? k : len - 1 - k;
        h = gru ? gruStep(d, steps[t], h) : lstmStep(d, steps[t], h, c);
        System.arraycopy(h, 0, out[t], d * units, units);
      }
    }
    return out;
  }

  /**
   * The largest {@code |got - reference|} over the first {@code rows} rows at their valid steps.
   *
   * @param x the timed batch {@code [batch, time, input]}
   * @param lengths each row's length, or {@code null} for all {@code time}
   * @param got a candidate's output, row-major {@code [batch, time, 2 units]}
   */
  double maxError(INDArray x, int[] lengths, int rows, float[] got) {
    long time = x.size(1);
    double worst = 0;
    for (int b = 0; b < Math.min(rows, x.size(0)); b++) {
      int len = lengths == null ? (int) time : lengths[b];
      double[][] steps = x.slice(b).castTo(DataType.DOUBLE).toDoubleMatrix();
      double[][] want = row(steps, len);
      for (int t = 0; t < len; t++) {
        for (int j = 0; j < 2 * units; j++) {
          double g = got[(int) ((b * time + t) * 2 * units + j)];
          worst = Math.max(worst, Math.abs(g - want[t][j]));
        }
      }
    }
    return worst;
  }

  private double[] preActivation(double[][] w, double[] v, double[] into) {
    for (int i = 0; i < v.length; i++) {
      double vi = v[i];
      double[] wi = w[i];
      for (int j = 0; j < into.length; j++) {
        into[j] += vi * wi[j];
      }
    }
    return into;
  }

  private double[] lstmStep(int d, double[] x, double[] h, double[] c) {
    double[] z = biases[d][0].clone();
    preActivation(kernels[d], x, z);
    preActivation(recurrents[d], h, z);
    double[] next = new double[units];
    for (int j = 0; j < units; j++) {
      double i = sigmoid(z[j]);
      double f = sigmoid(z[units + j]);
      double g = Math.tanh(z[2 * units + j]);
      double o = sigmoid(z[3 * units + j]);
      c[j] = f * c[j] + i * g;
      next[j] = o * Math.tanh(c[j]);
    }
    return next;
  }

  private double[] gruStep(int d, double[] x, double[] h) {
    double[] xz = preActivation(kernels[d], x, biases[d][0].clone());
    double[] hz =
        preActivation(
            recurrents[d], h, biases[d].length > 1 ? biases[d][1].clone() : new double[3 * units]);
    double[] next = new double[units];
    for (int j = 0; j < units; j++) {
      double z = sigmoid(xz[j] + hz[j]);
      double r = sigmoid(xz[units + j] + hz[units + j]);
      double hh = Math.tanh(xz[2 * units + j] + r * hz[2 * units + j]);
      next[j] = z * h[j] + (1 - z) * hh;
    }
    return next;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
