package org.birnn.pipelines.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.birnn.layers.models.Model;
import org.birnn.layers.saving.config.KerasJson;

/**
 * What a checkpoint continues: the network and optimizer ({@link NetworkSpec#compatibilityKey}),
 * the settings that change the result (averaging frequency, optimizer-state averaging, aggregation
 * depth, seed; not the number of epochs, so a longer fit extends a finished one), and the identity
 * of the training and validation data (row count and a content hash of every partition's batches).
 * A checkpoint is resumed only when all three match.
 *
 * @param network the network and optimizer key
 * @param settings the result-changing training settings
 * @param data rows and content hash of the training (and validation) data
 */
public record TrainingFingerprint(String network, String settings, String data) {

  /** The fingerprint of a fit of {@code model} by {@code plan} on this data (one Spark job). */
  static TrainingFingerprint of(
      Model model, TrainingPlan plan, JavaRDD<WorkerData> train, JavaRDD<WorkerData> validation) {
    String settings =
        "frequency="
            + plan.frequency()
            + ",averageOptimizerState="
            + plan.averageOptimizerState()
            + ",aggregationDepth="
            + plan.aggregationDepth()
            + ",seed="
            + plan.seed();
    String data = "train:" + dataKey(train);
    if (validation != null) {
      data += ",validation:" + dataKey(validation);
    }
    return new TrainingFingerprint(NetworkSpec.compatibilityKey(model), settings, data);
  }

  private static String dataKey(JavaRDD<WorkerData> data) {
    List<long[]> parts = data.map(w -> new long[] {w.examples(), w.contentHash()}).collect();
    long rows = 0;
    long hash = 1;
    for (long[] p : parts) {
      rows += p[0];
      hash = 31 * hash + p[1];
    }
    return rows + " rows in " + parts.size() + " partitions, hash " + Long.toHexString(hash);
  }

  /** The names of the parts that differ from {@code other}: network, settings, data. */
  List<String> differences(TrainingFingerprint other) {
    List<String> out = new ArrayList<>();
    if (!Objects.equals(network, other.network)) {
      out.add("network or optimizer");
    }
    if (!Objects.equals(settings, other.settings)) {
      out.add("training settings (" + other.settings + " then, " + settings + " now)");
    }
    if (!Objects.equals(data, other.data)) {
      out.add("training data (" + other.data + " then, " + data + " now)");
    }
    return out;
  }

  String toJson() {
    ObjectNode o = KerasJson.object();
    o.put("network", network);
    o.put("settings", settings);
    o.put("data", data);
    return KerasJson.write(o);
  }

  static TrainingFingerprint fromJson(String json) {
    JsonNode o = KerasJson.parse(json);
    return new TrainingFingerprint(
        o.path("network").asText(), o.path("settings").asText(), o.path("data").asText());
  }
}
