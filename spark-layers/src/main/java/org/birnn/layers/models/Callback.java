package org.birnn.layers.models;

import java.util.Map;

/** Hooks into {@code fit}; see {@link EarlyStopping}. */
public interface Callback {
  /** Before the first epoch. */
  default void onTrainBegin(Model model) {}

  /**
   * After each epoch, with its logs ({@code loss}, metrics, {@code val_*}).
   *
   * @return true to stop training
   */
  default boolean onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
    return false;
  }

  /** After the last epoch. */
  default void onTrainEnd(Model model) {}
}
