package org.birnn.pipelines.training;

import java.io.Serializable;

/**
 * What the workers of one averaging round send back, summed by {@code treeAggregate}: parameter and
 * optimizer-state sums (in double, so the average is exact to float), the number of workers that
 * trained, their summed loss and example count.
 */
public final class RoundResult implements Serializable {
  private static final long serialVersionUID = 1L;
  transient double[] params;
  transient double[] state;
  int workers;
  double lossSum;
  long examples;
  int maxSteps;
  double maxTrainSeconds;

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

  /** Records how long this worker trained (local minibatches only, not the data transfer). */
  RoundResult trainedFor(double seconds) {
    maxTrainSeconds = seconds;
    return this;
  }

  /**
   * Writes the sums as float while they hold one worker's values (exact: they came from float), so
   * the bulk of the aggregation moves half the bytes; partial sums of several workers stay double.
   */
  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
    boolean single = workers <= 1;
    out.writeBoolean(single);
    for (double[] a : new double[][] {params, state}) {
      out.writeInt(a == null ? -1 : a.length);
      if (a != null) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(a.length * (single ? 4 : 8));
        for (double v : a) {
          if (single) {
            buf.putFloat((float) v);
          } else {
            buf.putDouble(v);
          }
        }
        out.write(buf.array());
      }
    }
  }

  private void readObject(java.io.ObjectInputStream in)
      throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    boolean single = in.readBoolean();
    double[][] read = new double[2][];
    for (int k = 0; k < 2; k++) {
      int n = in.readInt();
      if (n >= 0) {
        byte[] bytes = new byte[n * (single ? 4 : 8)];
        in.readFully(bytes);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        read[k] = new double[n];
        for (int i = 0; i < n; i++) {
          read[k][i] = single ? buf.getFloat() : buf.getDouble();
        }
      }
    }
    params = read[0];
    state = read[1];
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
    maxTrainSeconds = Math.max(maxTrainSeconds, o.maxTrainSeconds);
    return this;
  }

  /** The most optimizer steps any worker took this round. */
  public int maxSteps() {
    return maxSteps;
  }

  /**
   * The longest time any worker spent training its local minibatches this round; the rest of a
   * round is synchronization (broadcast, scheduling, aggregation, averaging).
   */
  public double maxTrainSeconds() {
    return maxTrainSeconds;
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
