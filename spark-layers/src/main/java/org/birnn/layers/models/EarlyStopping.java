package org.birnn.layers.models;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code EarlyStopping}: stops when {@code monitor} (default {@code val_loss}) has not
 * improved by more than {@code minDelta} for {@code patience} epochs; lower is better for losses,
 * higher for accuracies. With {@code restoreBestWeights} the best epoch's weights come back.
 */
public final class EarlyStopping implements Callback {
  private final String monitor;
  private final double minDelta;
  private final int patience;
  private final boolean restoreBestWeights;
  private double best;
  private int wait;
  private int stoppedEpoch = -1;
  private List<INDArray> bestWeights;

  /**
   * @param monitor the log key to watch, for example {@code val_loss} or {@code val_accuracy}
   * @param minDelta smallest change that counts as an improvement (&gt;= 0)
   * @param patience epochs without improvement before stopping (&gt;= 0)
   * @param restoreBestWeights restore the best weights when stopping
   */
  public EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBestWeights) {
    if (minDelta < 0 || patience < 0) {
      throw new IllegalArgumentException(
          "EarlyStopping: min_delta and patience must be >= 0; received "
              + minDelta
              + ", "
              + patience);
    }
    this.monitor = monitor;
    this.minDelta = minDelta;
    this.patience = patience;
    this.restoreBestWeights = restoreBestWeights;
  }

  private boolean higherIsBetter() {
    return monitor.contains("acc");
  }

  @Override
  public void onTrainBegin(Model model) {
    best = higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    wait = 0;
    stoppedEpoch = -1;
    bestWeights = null;
  }

  @Override
  public boolean onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
    Double v = logs.get(monitor);
    if (v == null) {
      throw new IllegalArgumentException(
          "EarlyStopping monitors '" + monitor + "' but the logs only have " + logs.keySet());
    }
    boolean improved = higherIsBetter() ? v > best + minDelta : v < best - minDelta;
    if (improved) {
      best = v;
      wait = 0;
      if (restoreBestWeights) {
        bestWeights = model.getWeights();
      }
      return false;
    }
    wait++;
    // Keras: stop once `wait >= patience`, never after the first epoch.
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      if (restoreBestWeights && bestWeights != null) {
        model.setWeights(bestWeights);
      }
      return true;
    }
    return false;
  }

  /** The epoch (0-based) at which training stopped, or -1. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }
}
