package org.birnn.layers.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model file's config is checked against its weights before the model is built: building
 * allocates the weights the config declares, so a damaged or hostile {@code units} of 10^9 would
 * exhaust memory before any other check. Every size that makes weights ({@code units}, {@code
 * input_dim}, {@code output_dim}) must be at most the largest dimension of a weight actually in the
 * file (whose size is itself checked against the bytes present).
 */
final class ConfigSizes {
  private static final Set<String> WEIGHT_SIZES = Set.of("units", "input_dim", "output_dim");

  private ConfigSizes() {}

  static void requireWithin(JsonNode config, List<TensorFile.Entry> weights, String what)
      throws IOException {
    long largest = 0;
    for (TensorFile.Entry e : weights) {
      for (long d : e.value().shape()) {
        largest = Math.max(largest, d);
      }
    }
    check(config, largest, what);
  }

  private static void check(JsonNode node, long largest, String what) throws IOException {
    if (node.isArray()) {
      for (JsonNode child : node) {
        check(child, largest, what);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        JsonNode v = f.getValue();
        if (WEIGHT_SIZES.contains(f.getKey()) && v.isNumber() && v.asDouble() > largest) {
          throw new IOException(
              what
                  + " declares "
                  + f.getKey()
                  + " = "
                  + v.asText()
                  + ", larger than any weight in the file (largest dimension "
                  + largest
                  + "): the config and weights do not belong together (corrupted file?)");
        }
        check(v, largest, what);
      }
    }
  }
}
