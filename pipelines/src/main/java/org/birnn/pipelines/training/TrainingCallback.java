package org.birnn.pipelines.training;

import java.util.Map;
import java.util.function.Supplier;
import org.birnn.layers.models.Callback;
import org.birnn.layers.models.Model;

/**
 * A hook into {@link ParameterAveraging}'s loop on the driver, as Keras callbacks hook into {@code
 * fit}: checkpoints ({@link CheckpointCallback}) and early stopping (any {@link Callback}, such as
 * {@link org.birnn.layers.models.EarlyStopping}, through {@link #of(Callback)}) are callbacks, so
 * the loop itself knows no task.
 */
public interface TrainingCallback {
  /**
   * Before the first round.
   *
   * @return where to start: {@code start}, or a later point (a resumed checkpoint)
   */
  default Progress onTrainBegin(Model model, Progress start) {
    return start;
  }

  /**
   * Before the first round, with the fit's {@link TrainingFingerprint} at hand (computed on first
   * use, by one Spark job over the cached data); the default calls {@link #onTrainBegin(Model,
   * Progress)}.
   */
  default Progress onTrainBegin(
      Model model, Progress start, Supplier<TrainingFingerprint> fingerprint) {
    return onTrainBegin(model, start);
  }

  /** After each averaging round, with the averaged state and the next round to run. */
  default void onRoundEnd(Progress progress) {}

  /**
   * After each epoch; {@code model} holds the averaged weights, which the callback may replace.
   *
   * @param logs {@code loss} and the compiled metrics on the training data, {@code val_*} on the
   *     validation data
   * @return true to stop training
   */
  default boolean onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
    return false;
  }

  /** A model callback (for example {@code EarlyStopping}) run at the epoch ends of the loop. */
  static TrainingCallback of(Callback callback) {
    return new TrainingCallback() {
      @Override
      public Progress onTrainBegin(Model model, Progress start) {
        callback.onTrainBegin(model);
        return start;
      }

      @Override
      public boolean onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        return callback.onEpochEnd(model, epoch, logs);
      }
    };
  }
}
