package org.birnn.pipelines.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.Identifiable$;
import org.birnn.layers.saving.config.KerasJson;

/**
 * What {@code fit} measured: the training loss of every averaging round, and per epoch the logs and
 * the wall time. The logs are Keras's {@code History}: the loss and compiled metrics as means over
 * the epoch's training batches, each measured on its worker's training pass before that batch's
 * update (so no second pass over the training data), and {@code val_*} of the epoch's averaged
 * weights on the validation data.
 *
 * <p>{@link #toString} is the JSON form of {@link #toJson}. It is also how Python reads the whole
 * summary in one call, classic or over Spark Connect: Connect lets a client call only an
 * allowlisted set of methods on a server object, and {@code toString} is the one it allows on every
 * {@link Identifiable}.
 */
public final class TrainingSummary
    implements Serializable, Identifiable, org.apache.spark.ml.classification.TrainingSummary {
  private static final long serialVersionUID = 1L;
  private final String uid = Identifiable$.MODULE$.randomUID("trainingSummary");
  private final List<Double> roundLosses = new ArrayList<>();
  private final Map<String, List<Double>> history = new LinkedHashMap<>();
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

  void addEpoch(Map<String, Double> logs, double seconds) {
    int before = epochSeconds.size();
    logs.forEach(
        (k, v) -> {
          List<Double> h = history.computeIfAbsent(k, x -> new ArrayList<>());
          while (h.size() < before) {
            h.add(Double.NaN);
          }
          h.add(v);
        });
    epochSeconds.add(seconds);
  }

  /**
   * Every log per epoch, as Keras's {@code History.history}: {@code loss}, each compiled metric,
   * and their {@code val_} forms with validation data.
   */
  public Map<String, List<Double>> history() {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    history.keySet().forEach(k -> out.put(k, log(k)));
    return Collections.unmodifiableMap(out);
  }

  /** One log per epoch, NaN for epochs without it. */
  private List<Double> log(String key) {
    List<Double> out = new ArrayList<>(history.getOrDefault(key, List.of()));
    while (out.size() < epochSeconds.size()) {
      out.add(Double.NaN);
    }
    return Collections.unmodifiableList(out);
  }

  void resumedFrom(int globalRound) {
    resumedFromRound = globalRound;
  }

  /**
   * MLlib's {@code objectiveHistory}: the mean training loss of each averaging round, what Spark
   * Connect clients read as {@code summary.objectiveHistory} ({@code totalIterations} is its
   * length).
   */
  @Override
  public double[] objectiveHistory() {
    return roundLosses.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Mean training loss of each averaging round run by this fit. */
  public List<Double> roundLosses() {
    return Collections.unmodifiableList(roundLosses);
  }

  /** Training loss of each epoch: the mean over its training batches, each as it trained. */
  public List<Double> trainLoss() {
    return log("loss");
  }

  /**
   * Training accuracy of each epoch, over its training batches as they trained (NaN unless the
   * network was compiled with accuracy).
   */
  public List<Double> trainAccuracy() {
    return log("accuracy");
  }

  /** Validation accuracy after each epoch (NaN without validation data). */
  public List<Double> validationAccuracy() {
    return log("val_accuracy");
  }

  /** Validation loss after each epoch (NaN without validation data). */
  public List<Double> validationLoss() {
    return log("val_loss");
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

  /**
   * This summary as JSON, the form {@link #fromJson} reads (for saving it beside a model), with the
   * derived {@code synchronizationShare} added.
   */
  public ObjectNode toJson() {
    ObjectNode o = KerasJson.object();
    o.set("roundLosses", KerasJson.MAPPER.valueToTree(roundLosses));
    o.set("history", KerasJson.MAPPER.valueToTree(history));
    o.set("epochSeconds", KerasJson.MAPPER.valueToTree(epochSeconds));
    o.set("roundSeconds", KerasJson.MAPPER.valueToTree(roundSeconds));
    o.set("roundTrainSeconds", KerasJson.MAPPER.valueToTree(roundTrainSeconds));
    o.put("roundsRun", roundsRun);
    o.put("resumedFromRound", resumedFromRound);
    // Derived, for readers of the JSON alone (fromJson recomputes it from the round times).
    o.put("synchronizationShare", synchronizationShare());
    return o;
  }

  /** A summary read from {@link #toJson}'s form. */
  public static TrainingSummary fromJson(JsonNode o) {
    TrainingSummary s = new TrainingSummary();
    o.path("roundLosses").forEach(v -> s.roundLosses.add(v.asDouble()));
    o.path("epochSeconds").forEach(v -> s.epochSeconds.add(v.asDouble()));
    o.path("roundSeconds").forEach(v -> s.roundSeconds.add(v.asDouble()));
    o.path("roundTrainSeconds").forEach(v -> s.roundTrainSeconds.add(v.asDouble()));
    o.path("history")
        .fields()
        .forEachRemaining(
            e -> {
              List<Double> h = new ArrayList<>();
              e.getValue().forEach(v -> h.add(v.isNumber() ? v.asDouble() : Double.NaN));
              s.history.put(e.getKey(), h);
            });
    s.roundsRun = o.path("roundsRun").asInt();
    s.resumedFromRound = o.path("resumedFromRound").asInt(-1);
    return s;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The summary as one line of JSON, {@link #toJson}'s form (NaN written as {@code "NaN"}). */
  @Override
  public String toString() {
    return toJson().toString();
  }
}
