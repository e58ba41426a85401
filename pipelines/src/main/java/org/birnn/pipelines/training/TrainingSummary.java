package org.birnn.pipelines.training;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code fit} measured: the training loss of every averaging round, and per epoch the training
 * and validation accuracy and the wall time.
 */
public final class TrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  private final List<Double> roundLosses = new ArrayList<>();
  private final List<Double> trainAccuracy = new ArrayList<>();
  private final List<Double> validationAccuracy = new ArrayList<>();
  private final List<Double> validationLoss = new ArrayList<>();
  private final List<Double> epochSeconds = new ArrayList<>();
  private final List<Double> roundSeconds = new ArrayList<>();
  private final List<Double> roundTrainSeconds = new ArrayList<>();
  private int roundsRun;
  private int resumedFromRound = -1;

  void addRound(double loss, double seconds, double trainSeconds) {
    roundLosses.add(loss);
    roundSeconds.add(seconds);
    roundTrainSeconds.add(trainSeconds);
    roundsRun++;
  }

  /** Wall seconds of each averaging round on the driver (broadcast to averaged parameters). */
  public List<Double> roundSeconds() {
    return Collections.unmodifiableList(roundSeconds);
  }

  /** Per round, the longest time a worker spent training its local minibatches. */
  public List<Double> roundTrainSeconds() {
    return Collections.unmodifiableList(roundTrainSeconds);
  }

  /**
   * The share of round time not spent training: broadcasting parameters and optimizer state,
   * scheduling, aggregating and averaging ({@code 1 - sum(train) / sum(round)}); NaN before any
   * round.
   */
  public double synchronizationShare() {
    double total = roundSeconds.stream().mapToDouble(Double::doubleValue).sum();
    double train = roundTrainSeconds.stream().mapToDouble(Double::doubleValue).sum();
    return total == 0 ? Double.NaN : Math.max(0, 1 - train / total);
  }

  void addEpoch(double trainAcc, double valAcc, double valLoss, double seconds) {
    trainAccuracy.add(trainAcc);
    validationAccuracy.add(valAcc);
    validationLoss.add(valLoss);
    epochSeconds.add(seconds);
  }

  void resumedFrom(int globalRound) {
    resumedFromRound = globalRound;
  }

  /** Mean training loss of each averaging round run by this fit. */
  public List<Double> roundLosses() {
    return Collections.unmodifiableList(roundLosses);
  }

  /** Training accuracy after each epoch. */
  public List<Double> trainAccuracy() {
    return Collections.unmodifiableList(trainAccuracy);
  }

  /** Validation accuracy after each epoch (NaN without validation data). */
  public List<Double> validationAccuracy() {
    return Collections.unmodifiableList(validationAccuracy);
  }

  /** Validation loss after each epoch (NaN without validation data). */
  public List<Double> validationLoss() {
    return Collections.unmodifiableList(validationLoss);
  }

  /** Seconds per epoch. */
  public List<Double> epochSeconds() {
    return Collections.unmodifiableList(epochSeconds);
  }

  /** Averaging rounds this fit ran (fewer than planned when it resumed from a checkpoint). */
  public int roundsRun() {
    return roundsRun;
  }

  /** The global round a checkpoint resumed from, or -1. */
  public int resumedFromRound() {
    return resumedFromRound;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int e = 0; e < epochSeconds.size(); e++) {
      sb.append(
          String.format(
              "epoch %d: train accuracy %.4f, validation accuracy %.4f, %.1fs%n",
              e + 1, trainAccuracy.get(e), validationAccuracy.get(e), epochSeconds.get(e)));
    }
    sb.append("round losses: ").append(roundLosses);
    return sb.toString();
  }
}
