package org.birnn.layers.losses;

/**
 * Per-row losses and their gradients with respect to the predictions, for predictions flattened to
 * {@code [rows, last]} in doubles: each method fills {@link #perRow} and {@link #gradient()} (the
 * gradient of the row's loss, before masking and reduction).
 */
final class LossRows {
  private final double[] p;
  private final int rows;
  private final int last;
  private final double[] perRow;
  private final double[] d;

  LossRows(double[] p, int rows, int last) {
    this.p = p;
    this.rows = rows;
    this.last = last;
    this.perRow = new double[rows];
    this.d = new double[p.length];
  }

  /** {@code -log q[id]}, one class id per row. */
  void sparseCrossEntropy(int[] ids, boolean fromLogits) {
    for (int r = 0; r < rows; r++) {
      int o = r * last;
      if (fromLogits) {
        double lse = logSumExp(o);
        perRow[r] = lse - p[o + ids[r]];
        for (int j = 0; j < last; j++) {
          d[o + j] = Math.exp(p[o + j] - lse) - (j == ids[r] ? 1 : 0);
        }
      } else {
        int id = ids[r];
        probabilityCrossEntropy(o, r, j -> j == id ? 1.0 : 0.0);
      }
    }
  }

  /** {@code -sum(t log q)}: {@code q = softmax(z)} from logits, else {@code p / sum(p)} clipped. */
  void crossEntropy(double[] t, boolean fromLogits) {
    for (int r = 0; r < rows; r++) {
      int o = r * last;
      if (fromLogits) {
        double lse = logSumExp(o);
        double loss = 0;
        double tSum = 0;
        for (int j = 0; j < last; j++) {
          loss -= t[o + j] * (p[o + j] - lse);
          tSum += t[o + j];
        }
        perRow[r] = loss;
        for (int j = 0; j < last; j++) {
          d[o + j] = Math.exp(p[o + j] - lse) * tSum - t[o + j];
        }
      } else {
        probabilityCrossEntropy(o, r, j -> t[o + j]);
      }
    }
  }

  /**
   * Cross-entropy of probabilities {@code q = p / sum(p)}, clipped to {@code [eps, 1 - eps]}; the
   * gradient is zero where the clip is active, then goes through the normalization.
   */
  private void probabilityCrossEntropy(int o, int r, java.util.function.IntToDoubleFunction t) {
    double s = 0;
    for (int j = 0; j < last; j++) {
      s += p[o + j];
    }
    double loss = 0;
    double dot = 0;
    for (int j = 0; j < last; j++) {
      double q = p[o + j] / s;
      double qc = Math.min(Math.max(q, Loss.EPSILON), 1 - Loss.EPSILON);
      double tj = t.applyAsDouble(j);
      loss -= tj * Math.log(qc);
      double dq = q > Loss.EPSILON && q < 1 - Loss.EPSILON ? -tj / qc : 0.0;
      d[o + j] = dq;
      dot += dq * q;
    }
    perRow[r] = loss;
    for (int j = 0; j < last; j++) {
      d[o + j] = (d[o + j] - dot) / s;
    }
  }

  /** The mean over the row of {@code -(t log p + (1 - t) log(1 - p))}, or its stable logit form. */
  void binaryCrossEntropy(double[] t, boolean fromLogits) {
    for (int r = 0; r < rows; r++) {
      int o = r * last;
      double sum = 0;
      for (int j = 0; j < last; j++) {
        double x = p[o + j];
        double tj = t[o + j];
        if (fromLogits) {
          sum += Math.max(x, 0) - x * tj + Math.log(Math.exp(-Math.abs(x)) + 1.0);
          d[o + j] = (1 / (1 + Math.exp(-x)) - tj) / last;
        } else {
          double pc = Math.min(Math.max(x, Loss.EPSILON), 1 - Loss.EPSILON);
          sum -= tj * Math.log(pc) + (1 - tj) * Math.log(1 - pc);
          boolean inside = x > Loss.EPSILON && x < 1 - Loss.EPSILON;
          d[o + j] = inside ? (-tj / pc + (1 - tj) / (1 - pc)) / last : 0.0;
        }
      }
      perRow[r] = sum / last;
    }
  }

  /** The mean over the row of {@code (p - t)^2}. */
  void meanSquaredError(double[] t) {
    for (int r = 0; r < rows; r++) {
      int o = r * last;
      double sum = 0;
      for (int j = 0; j < last; j++) {
        double diff = p[o + j] - t[o + j];
        sum += diff * diff;
        d[o + j] = diff * 2.0 / last;
      }
      perRow[r] = sum / last;
    }
  }

  /**
   * {@code sum(perRow * w) / denominator}, and scales the gradient rows by {@code w / denominator}
   * the same way.
   */
  double reduce(double[] w, double denominator) {
    double value = 0;
    for (int r = 0; r < rows; r++) {
      value += perRow[r] * w[r];
      double scale = w[r] / denominator;
      int o = r * last;
      for (int j = 0; j < last; j++) {
        d[o + j] *= scale;
      }
    }
    return value / denominator;
  }

  /** The gradient, row-major {@code [rows, last]}. */
  double[] gradient() {
    return d;
  }

  private double logSumExp(int o) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < last; j++) {
      max = Math.max(max, p[o + j]);
    }
    double sum = 0;
    for (int j = 0; j < last; j++) {
      sum += Math.exp(p[o + j] - max);
    }
    return max + Math.log(sum);
  }
}
