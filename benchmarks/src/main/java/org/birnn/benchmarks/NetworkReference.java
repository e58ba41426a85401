package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link NetworkWorkload}'s network in float64, from its Keras-ordered weights (embedding, six
 * per {@code Bidirectional}, then the dense kernel and bias): the probabilities a candidate's
 * scoring is checked against. {@code masked}: each row runs over its own length, as Keras's masked
 * layers do; otherwise over the whole padded batch, padding ids included, as a padded {@code
 * torch::lstm} does.
 */
final class NetworkReference {
  private final NetworkWorkload w;
  private final double[][] embedding;
  private final List<Float64Reference> layers = new ArrayList<>();
  private final double[][] dense;
  private final double[] denseBias;

  NetworkReference(NetworkWorkload w, List<INDArray> weights) {
    if (weights.size() != 3 + 6 * w.layers()) {
      throw new IllegalArgumentException(
          "expected " + (3 + 6 * w.layers()) + " weight arrays, received " + weights.size());
    }
    this.w = w;
    embedding = weights.get(0).castTo(DataType.DOUBLE).toDoubleMatrix();
    for (int l = 0; l < w.layers(); l++) {
      layers.add(new Float64Reference(w.cell(), w.units(), weights.subList(1 + 6 * l, 7 + 6 * l)));
    }
    dense = weights.get(weights.size() - 2).castTo(DataType.DOUBLE).toDoubleMatrix();
    denseBias = weights.get(weights.size() - 1).castTo(DataType.DOUBLE).toDoubleVector();
  }

  /** Row {@code b}'s probabilities: {@code [1, classes]} or, per step, {@code [len, classes]}. */
  double[][] probabilities(TextBatch batch, int b, boolean masked) {
    int len = masked ? batch.lengths()[b] : batch.time();
    double[][] steps = new double[len][];
    for (int t = 0; t < len; t++) {
      steps[t] = embedding[(int) batch.ids()[b * batch.time() + t]];
    }
    for (Float64Reference layer : layers) {
      steps = layer.row(steps, len);
    }
    int u = w.units();
    if (!w.perStep()) {
      double[] last = new double[2 * u];
      System.arraycopy(steps[len - 1], 0, last, 0, u); // forward: the last step
      System.arraycopy(steps[0], u, last, u, u); // backward: its state after step 0
      steps = new double[][] {last};
    }
    double[][] out = new double[steps.length][];
    for (int t = 0; t < steps.length; t++) {
      out[t] = softmax(steps[t]);
    }
    return out;
  }

  /**
   * The largest difference from {@code got} (row-major {@code [batch, classes]} or {@code [batch,
   * time, classes]}) over the first {@code rows} rows at their valid steps.
   */
  double maxError(TextBatch batch, int rows, boolean masked, float[] got) {
    double worst = 0;
    int c = w.classes();
    for (int b = 0; b < Math.min(rows, batch.batch()); b++) {
      double[][] want = probabilities(batch, b, masked);
      int valid = w.perStep() ? batch.lengths()[b] : 1;
      for (int t = 0; t < valid; t++) {
        int base = w.perStep() ? (b * batch.time() + t) * c : b * c;
        for (int j = 0; j < c; j++) {
          worst = Math.max(worst, Math.abs(got[base + j] - want[t][j]));
        }
      }
    }
    return worst;
  }

  private double[] softmax(double[] h) {
    double[] z = denseBias.clone();
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < z.length; j++) {
        z[j] += h[i] * dense[i][j];
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      z[j] = Math.exp(z[j] - max);
      sum += z[j];
    }
    for (int j = 0; j < z.length; j++) {
      z[j] /= sum;
    }
    return z;
  }
}
