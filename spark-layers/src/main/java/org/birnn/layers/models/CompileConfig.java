package org.birnn.layers.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.losses.Loss;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.saving.config.KerasJson;

/**
 * Keras's {@code compile_config}: the optimizer, loss and metrics a model was compiled with, as
 * JSON ({@code {"optimizer": {...}, "loss": {"name", "from_logits"}, "metrics": [...]}}), so a
 * saved model, or a network shipped to Spark executors, compiles the same way again.
 */
public final class CompileConfig {
  private CompileConfig() {}

  /**
   * The compile config of a compiled model.
   *
   * @throws IllegalStateException when the model is not compiled
   */
  public static ObjectNode of(Model model) {
    if (!model.isCompiled()) {
      throw new IllegalStateException("The model is not compiled; call compile(...) first");
    }
    ObjectNode cc = KerasJson.object();
    cc.set("optimizer", model.optimizer().serialize());
    ObjectNode loss = KerasJson.object();
    loss.put("name", model.loss().kerasName());
    loss.put("from_logits", model.loss().fromLogits());
    cc.set("loss", loss);
    ArrayNode metrics = cc.putArray("metrics");
    model.metricNames().forEach(metrics::add);
    return cc;
  }

  /**
   * Compiles {@code model} as a Keras {@code compile_config} says (a fresh optimizer state): its
   * serialized optimizer, and its loss by name ({@code "mse"}) or serialized ({@code
   * SparseCategoricalCrossentropy} with {@code from_logits}). Keras's metrics are not read: they do
   * not change training.
   *
   * @throws IllegalArgumentException for a loss or optimizer the library does not have
   */
  public static void applyKeras(Model model, JsonNode config) {
    JsonNode loss = config.path("loss");
    Loss l;
    if (loss.isTextual()) {
      l = Loss.get(loss.asText());
    } else {
      String cls = loss.path("class_name").asText();
      String name = cls.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
      JsonNode c = loss.path("config");
      l =
          new Loss(
              Loss.get(c.path("name").isTextual() ? c.path("name").asText() : name).kind(),
              c.path("from_logits").asBoolean(false));
    }
    model.compile(l, Optimizer.fromJson(config.get("optimizer")), List.of());
  }

  /** Compiles {@code model} as {@code config} says (a fresh optimizer state). */
  public static void apply(Model model, JsonNode config) {
    List<String> metrics = new ArrayList<>();
    config.path("metrics").forEach(m -> metrics.add(m.asText()));
    Loss base = Loss.get(config.path("loss").path("name").asText());
    model.compile(
        new Loss(base.kind(), config.path("loss").path("from_logits").asBoolean(false)),
        Optimizer.fromJson(config.get("optimizer")),
        metrics);
  }
}
