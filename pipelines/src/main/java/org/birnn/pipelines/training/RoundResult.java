package org.birnn.pipelines.training;

import java.io.Serializable;
import org.birnn.layers.metrics.MetricTotals;

/**
 * What the workers of one averaging round send back, summed by {@code treeAggregate}: parameter and
 * optimizer-state sums, the number of workers that trained, and the totals of their loss and
 * compiled metrics over the batches they trained (measured as each batch trained, as Keras's {@code
 * fit} logs them).
 *
 * <p>One worker's result keeps its float arrays as they came from the network and travels as float;
 * only a sum of two or more is widened to double (so the average is exact to float). A W1-sized
 * network with Adam has about 800,000 values per round: each avoided conversion and copy of them is
 * time the round spends not training.
 */
@com.esotericsoftware.kryo.DefaultSerializer(
    com.esotericsoftware.kryo.serializers.JavaSerializer.class)
public final class RoundResult implements Serializable {
  private static final long serialVersionUID = 3L;

  /** One worker's values, or null once summed. */
  private transient float[] workerParams;

  private transient float[] workerState;

  /** Sums over two or more workers, or null while one worker's values are held. */
  transient double[] params;

  private transient double[] state;
  int workers;
  private MetricTotals totals;
  int maxSteps;
  double maxTrainSeconds;

  /** The neutral element. */
  public RoundResult() {}

  /** One worker's result; the arrays are kept, not copied. */
  static RoundResult of(float[] params, float[] state, MetricTotals totals, int steps) {
    RoundResult r = new RoundResult();
    r.workerParams = params;
    r.workerState = state;
    r.workers = 1;
    r.totals = totals;
    r.maxSteps = steps;
    return r;
  }

  /** Records how long this worker trained (local minibatches only, not the data transfer). */
  RoundResult trainedFor(double seconds) {
    maxTrainSeconds = seconds;
    return this;
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
    // Primitive arrays are written in bulk by the stream.
    if (workerParams != null) {
      out.writeObject(workerParams);
      out.writeObject(workerState);
    } else {
      out.writeObject(params);
      out.writeObject(state);
    }
  }

  private void readObject(java.io.ObjectInputStream in)
      throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    Object p = in.readObject();
    Object st = in.readObject();
    if (p instanceof float[]) {
      workerParams = (float[]) p;
      workerState = (float[]) st;
    } else {
      params = (double[]) p;
      state = (double[]) st;
    }
  }

  /** Adds {@code o} into this and returns this; {@code o}'s arrays may be taken over. */
  public RoundResult add(RoundResult o) {
    if (o.workers == 0) {
      return this;
    }
    if (workers == 0) {
      workerParams = o.workerParams;
      workerState = o.workerState;
      params = o.params;
      state = o.state;
    } else {
      if (params == null) {
        params = widen(workerParams);
        state = widen(workerState);
        workerParams = null;
        workerState = null;
      }
      addInto(params, o.params, o.workerParams);
      addInto(state, o.state, o.workerState);
    }
    workers += o.workers;
    totals = totals == null ? o.totals : totals.merge(o.totals);
    maxSteps = Math.max(maxSteps, o.maxSteps);
    maxTrainSeconds = Math.max(maxTrainSeconds, o.maxTrainSeconds);
    return this;
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static void addInto(double[] sum, double[] sums, float[] values) {
    if (sums != null) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += sums[i];
      }
    } else {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += values[i];
      }
    }
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

  /** Mean training loss per example this round; NaN when no worker trained. */
  public double meanLoss() {
    return totals == null ? Double.NaN : totals.meanLoss();
  }

  /** Examples trained this round. */
  public long examples() {
    return totals == null ? 0 : totals.samples();
  }

  /** The loss and metric totals over this round's batches, or {@code null} when none trained. */
  public MetricTotals totals() {
    return totals;
  }

  /** The averaged parameters, as float. */
  public float[] averageParams() {
    return average(params, workerParams);
  }

  /** The averaged optimizer state, as float. */
  public float[] averageState() {
    return average(state, workerState);
  }

  private float[] average(double[] sum, float[] single) {
    if (sum == null) {
      return single.clone();
    }
    float[] out = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = (float) (sum[i] / workers);
    }
    return out;
  }
}
