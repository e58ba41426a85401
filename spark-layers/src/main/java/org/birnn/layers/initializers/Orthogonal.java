package org.birnn.layers.initializers;

import java.util.Random;

/** Keras's orthogonal initializer: Gram-Schmidt QR of a normal matrix, sign-fixed. */
final class Orthogonal {
  private Orthogonal() {}

  /**
   * Samples a {@code [rows, cols]} matrix (rows = product of all but the last dimension) whose rows
   * (if {@code rows <= cols}) or columns are orthonormal, times {@code gain}; row-major.
   */
  static double[] sample(long[] shape, double gain, Random rng) {
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "Orthogonal initializer needs a shape of rank >= 2; got rank " + shape.length);
    }
    long r = 1;
    for (int i = 0; i < shape.length - 1; i++) {
      r *= shape[i];
    }
    int rows = Math.toIntExact(r);
    int cols = Math.toIntExact(shape[shape.length - 1]);
    // Keras: QR of a normal (max, min) matrix; the min(rows, cols) orthonormal columns of Q.
    int tall = Math.max(rows, cols);
    int narrow = Math.min(rows, cols);
    double[][] q = new double[narrow][tall]; // q[j] = column j of Q
    for (int j = 0; j < narrow; j++) {
      for (int i = 0; i < tall; i++) {
        q[j][i] = rng.nextGaussian();
      }
    }
    // Modified Gram-Schmidt keeps diag(R) positive, which is what Keras's sign fix produces.
    for (int j = 0; j < narrow; j++) {
      for (int k = 0; k < j; k++) {
        double dot = 0;
        for (int i = 0; i < tall; i++) {
          dot += q[k][i] * q[j][i];
        }
        for (int i = 0; i < tall; i++) {
          q[j][i] -= dot * q[k][i];
        }
      }
      double norm = 0;
      for (int i = 0; i < tall; i++) {
        norm += q[j][i] * q[j][i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < tall; i++) {
        q[j][i] /= norm;
      }
    }
    double[] out = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        // rows >= cols: out = Q (tall x narrow); else out = Q^T.
        out[i * cols + j] = gain * (rows >= cols ? q[j][i] : q[i][j]);
      }
    }
    return out;
  }
}
