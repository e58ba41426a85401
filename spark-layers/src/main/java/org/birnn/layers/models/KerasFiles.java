package org.birnn.layers.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.saving.config.KerasJson;
import org.birnn.layers.saving.keras.Hdf5;
import org.birnn.layers.saving.keras.KerasWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3's own files for {@link ModelIO}: a {@code .keras} archive ({@code metadata.json}, {@code
 * config.json}, {@code model.weights.h5}) read into a built model, and a {@code .weights.h5} file
 * read into a model built from its config.
 */
final class KerasFiles {
  private KerasFiles() {}

  /** Whether zip {@code entries} are a Keras archive rather than the library's own file. */
  static boolean isArchive(Map<String, byte[]> entries) {
    return entries.containsKey("model.weights.h5") && !entries.containsKey("model.weights.bin");
  }

  /**
   * The model of a Keras archive, with its weights.
   *
   * @throws IOException naming the archive and entry of what is missing or cannot be read
   */
  static Model readArchive(Map<String, byte[]> entries, String file) throws IOException {
    for (String required : new String[] {"metadata.json", "config.json", "model.weights.h5"}) {
      if (!entries.containsKey(required)) {
        throw new IOException(
            file + " is not a complete Keras archive: entry " + required + " is missing");
      }
    }
    JsonNode meta = json(entries.get("metadata.json"), file + "!metadata.json");
    if (!meta.has("keras_version")) {
      throw new IOException(file + "!metadata.json names no keras_version: not a Keras archive");
    }
    JsonNode config = json(entries.get("config.json"), file + "!config.json");
    if (config instanceof ObjectNode o) {
      // Keras's compile settings name Keras objects; the model is returned uncompiled.
      o.remove("compile_config");
    }
    Model model;
    try {
      model = Model.fromJson(config);
      build(model);
    } catch (RuntimeException e) {
      throw new IOException(
          file + "!config.json has a model this build cannot read: " + e.getMessage(), e);
    }
    try (Hdf5 h5 = Hdf5.of(entries.get("model.weights.h5"), file + "!model.weights.h5")) {
      KerasWeights.assign(model.layers(), h5);
    }
    return model;
  }

  /** Reads a {@code .weights.h5} file into {@code model} (built here if it is not yet). */
  static void readWeights(Model model, Hdf5 h5) throws IOException {
    build(model);
    KerasWeights.assign(model.layers(), h5);
  }

  /** Builds {@code model} on one zero sample per input (unknown dimensions as 1). */
  private static void build(Model model) {
    List<INDArray> sample = new ArrayList<>();
    for (KerasTensor in : model.inputs()) {
      long[] shape = in.shape().clone();
      for (int d = 0; d < shape.length; d++) {
        shape[d] = shape[d] < 0 ? 1 : shape[d];
      }
      sample.add(Nd4j.zeros(DataType.FLOAT, shape));
    }
    model.build(sample);
  }

  private static JsonNode json(byte[] data, String what) throws IOException {
    try {
      return KerasJson.MAPPER.readTree(data);
    } catch (IOException e) {
      throw new IOException(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
