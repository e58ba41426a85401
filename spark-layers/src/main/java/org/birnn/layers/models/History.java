package org.birnn.layers.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fit} returns: per epoch, the loss and metrics ({@code val_} prefixed for validation).
 */
public final class History {
  private final Map<String, List<Double>> values = new LinkedHashMap<>();
  private final List<Double> epochSeconds = new ArrayList<>();

  void add(Map<String, Double> logs, double seconds) {
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    epochSeconds.add(seconds);
  }

  /** Every recorded series, for example {@code loss}, {@code accuracy}, {@code val_loss}. */
  public Map<String, List<Double>> history() {
    return Collections.unmodifiableMap(values);
  }

  /** One series; empty if it was not recorded. */
  public List<Double> get(String key) {
    return values.getOrDefault(key, List.of());
  }

  /** Wall time of each epoch in seconds. */
  public List<Double> epochSeconds() {
    return Collections.unmodifiableList(epochSeconds);
  }

  /** Epochs run. */
  public int epochs() {
    return epochSeconds.size();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
