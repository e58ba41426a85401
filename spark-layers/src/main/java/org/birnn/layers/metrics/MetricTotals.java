package org.birnn.layers.metrics;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.birnn.layers.losses.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Running totals of a model's loss and compiled metrics over batches, as Keras's metric trackers
 * keep them through an epoch: the loss as a mean over samples (each batch's mean loss weighted by
 * its number of samples, as Keras's loss tracker is updated), each accuracy as correct over counted
 * entries (masked entries do not count). Totals of disjoint batches {@link #merge} exactly, so
 * workers can count their own batches and a driver can sum them.
 */
public final class MetricTotals implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] names;
  private final Accuracy[] metrics;
  private final double[] correct;
  private final double[] counted;
  private double lossSum;
  private long samples;

  /**
   * Empty totals for the compiled metrics {@code names} of a model compiled with {@code loss}.
   *
   * @throws IllegalArgumentException for a metric name that is not a Keras accuracy
   */
  public MetricTotals(List<String> names, Loss loss) {
    this.names = names.toArray(new String[0]);
    this.metrics = new Accuracy[this.names.length];
    for (int k = 0; k < metrics.length; k++) {
      metrics[k] = Accuracy.resolve(this.names[k], loss);
    }
    this.correct = new double[metrics.length];
    this.counted = new double[metrics.length];
  }

  /**
   * Adds one batch's loss.
   *
   * @param loss the batch's mean loss (with any regularization penalty, as Keras logs it)
   * @param batchSamples the batch's number of samples
   */
  public void addLoss(double loss, long batchSamples) {
    lossSum += loss * batchSamples;
    samples += batchSamples;
  }

  /**
   * Adds one batch's metric counts.
   *
   * @param yTrue the targets
   * @param yPred the model's first output on the batch
   * @param mask the output's mask, or {@code null}
   */
  public void addMetrics(INDArray yTrue, INDArray yPred, INDArray mask) {
    for (int k = 0; k < metrics.length; k++) {
      double[] c = metrics[k].count(yTrue, yPred, mask);
      correct[k] += c[0];
      counted[k] += c[1];
    }
  }

  /**
   * Adds {@code o} (totals of the same metrics over other batches) into these and returns them.
   *
   * @throws IllegalArgumentException when {@code o} counts other metrics
   */
  public MetricTotals merge(MetricTotals o) {
    if (!java.util.Arrays.equals(names, o.names)) {
      throw new IllegalArgumentException(
          "Cannot merge totals of metrics "
              + java.util.Arrays.toString(o.names)
              + " into totals of "
              + java.util.Arrays.toString(names));
    }
    lossSum += o.lossSum;
    samples += o.samples;
    for (int k = 0; k < metrics.length; k++) {
      correct[k] += o.correct[k];
      counted[k] += o.counted[k];
    }
    return this;
  }

  /** Samples counted so far. */
  public long samples() {
    return samples;
  }

  /** The mean loss per sample so far; NaN before any sample. */
  public double meanLoss() {
    return samples == 0 ? Double.NaN : lossSum / samples;
  }

  /**
   * {@code "loss"} and each metric by its compiled name, in compile order, as Keras logs them; all
   * NaN before any sample, and a metric with no unmasked entry is 0.
   */
  public Map<String, Double> logs() {
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", meanLoss());
    for (int k = 0; k < metrics.length; k++) {
      logs.put(names[k], samples == 0 ? Double.NaN : counted[k] == 0 ? 0 : correct[k] / counted[k]);
    }
    return logs;
  }
}
