package org.birnn.pipelines.training;

import java.io.Serializable;

/**
 * What the workers of one averaging round send back, summed by {@code treeAggregate}: parameter and
 * optimizer-state sums (in double, so the average is exact to float), the number of workers that
 * trained, their summed loss and example count.
 */
public final class RoundResult implements Serializable {
  private static final long serialVersionUID = 1L;
  double[] params;
  double[] state;
  int workers;
  double lossSum;
  long examples;
  int maxSteps;

  /** The neutral element. */
  public RoundResult() {}

  /** One worker's result. */
  static RoundResult of(float[] params, float[] state, double lossSum, long examples, int steps) {
    RoundResult r = new RoundResult();
    r.params = toDouble(params);
    r.state = toDouble(state);
    r.workers = 1;
    r.lossSum = lossSum;
    r.examples = examples;
    r.maxSteps = steps;
    return r;
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** Adds {@code o} into this and returns this. */
  public RoundResult add(RoundResult o) {
    if (o.workers == 0) {
      return this;
    }
    if (workers == 0) {
      params = o.params.clone();
      state = o.state.clone();
    } else {
      for (int i = 0; i < params.length; i++) {
        params[i] += o.params[i];
      }
      for (int i = 0; i < state.length; i++) {
        state[i] += o.state[i];
      }
    }
    workers += o.workers;
    lossSum += o.lossSum;
    examples += o.examples;
    maxSteps = Math.max(maxSteps, o.maxSteps);
    return this;
  }

  /** The most optimizer steps any worker took this round. */
  public int maxSteps() {
    return maxSteps;
  }

  /** Workers that trained this round. */
  public int workers() {
    return workers;
  }

  /** Mean training loss per example this round. */
  public double meanLoss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }

  /** Examples trained this round. */
  public long examples() {
    return examples;
  }

  /** The averaged parameters, as float. */
  public float[] averageParams() {
    return average(params);
  }

  /** The averaged optimizer state, as float. */
  public float[] averageState() {
    return average(state);
  }

  private float[] average(double[] sum) {
    float[] out = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = (float) (sum[i] / workers);
    }
    return out;
  }
}
