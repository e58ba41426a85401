package org.birnn.layers.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.Layer;
import org.birnn.layers.optimizers.Optimizer;
import org.birnn.layers.saving.LayerRegistry;
import org.birnn.layers.saving.config.KerasJson;
import org.birnn.layers.saving.keras.Hdf5;
import org.birnn.layers.saving.keras.KerasWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's own files for {@link ModelIO}: a Keras 3 {@code .keras} archive ({@code metadata.json},
 * {@code config.json}, {@code model.weights.h5}) read into a built model or written from one, a
 * {@code .weights.h5} file read into a model built from its config, and a legacy Keras 2 / tf.keras
 * {@code .h5} model read.
 */
final class KerasFiles {
  /**
   * The Keras version whose archive format {@link #writeArchive} writes: the one the conformance
   * fixtures pin, and whose loader the Python suite checks exported archives with.
   */
  static final String KERAS_VERSION = "3.12.0";

  private KerasFiles() {}

  /**
   * Writes {@code model} as a Keras 3 archive that {@code keras.saving.load_model} reads. The model
   * is written uncompiled: its loss and optimizer are the library's, not Keras objects.
   *
   * @throws IllegalArgumentException naming a layer whose class Keras does not have
   */
  static void writeArchive(Model model, OutputStream os) throws IOException {
    List<Layer> layers = model.layers();
    for (Layer layer : layers) {
      if (!LayerRegistry.isKerasClass(layer.className())) {
        throw new IllegalArgumentException(
            "Layer '"
                + layer.name()
                + "' is a "
                + layer.className()
                + ", which Keras does not have: Keras could not load this archive. Save it with"
                + " ModelIO.save instead");
      }
    }
    ObjectNode meta = KerasJson.MAPPER.createObjectNode();
    meta.put("keras_version", KERAS_VERSION);
    meta.put(
        "date_saved",
        java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
            .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
    Hdf5.Writer h5 = new Hdf5.Writer();
    KerasWeights.write(layers, h5);
    ZipOutputStream zip = new ZipOutputStream(os);
    put(zip, "metadata.json", KerasJson.write(meta).getBytes(StandardCharsets.UTF_8));
    put(zip, "config.json", KerasJson.write(model.toJsonNode()).getBytes(StandardCharsets.UTF_8));
    put(zip, "model.weights.h5", h5.toBytes());
    zip.finish();
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(data);
    zip.closeEntry();
  }

  /**
   * The model of a legacy Keras 2 / tf.keras {@code .h5} file: its root {@code model_config}
   * attribute, and the weights under {@code model_weights} by layer name.
   *
   * @throws IOException when the file has no model config (a weights-only file), or naming the
   *     group of a missing or misshapen weight
   */
  static Model readLegacy(Hdf5 h5) throws IOException {
    String config =
        h5.stringAttribute("/", "model_config")
            .orElseThrow(
                () ->
                    new IOException(
                        h5.name()
                            + " is an HDF5 file without a model_config attribute: a weights-only"
                            + " file; load it into a model built from its config with"
                            + " ModelIO.loadWeights"));
    Model model =
        built(
            json(config.getBytes(StandardCharsets.UTF_8), h5.name() + ": model_config"),
            h5.name() + ": its model_config");
    KerasWeights.assignLegacy(model.layers(), h5);
    return model;
  }

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
    JsonNode compile = config instanceof ObjectNode o ? o.remove("compile_config") : null;
    Model model = built(config, file + "!config.json");
    try (Hdf5 h5 = Hdf5.of(entries.get("model.weights.h5"), file + "!model.weights.h5")) {
      KerasWeights.assign(model.layers(), h5);
      if (compile != null && compile.isObject()) {
        compile(model, (ObjectNode) compile.deepCopy(), h5);
      }
    }
    return model;
  }

  /**
   * Reads a Keras 3 {@code .weights.h5} file, or a legacy Keras 2 weights or model {@code .h5}
   * file, into {@code model} (built here if it is not yet).
   */
  static void readWeights(Model model, Hdf5 h5) throws IOException {
    build(model);
    if (KerasWeights.isKeras3(h5)) {
      KerasWeights.assign(model.layers(), h5);
    } else {
      KerasWeights.assignLegacy(model.layers(), h5);
    }
  }

  /**
   * Compiles {@code model} as Keras did, with the optimizer state the archive holds, so a fine-tune
   * continues where Keras stopped; the learning rate is the variable's (what Keras last used, after
   * any callback changed it). A loss or optimizer the library lacks leaves the model uncompiled, as
   * a model for scoring needs neither.
   */
  private static void compile(Model model, ObjectNode compile, Hdf5 h5) throws IOException {
    List<INDArray> vars =
        h5.hasGroup("optimizer/vars") ? h5.numberedArrays("optimizer/vars") : List.of();
    JsonNode optimizer = compile.path("optimizer").path("config");
    int head;
    try {
      head =
          KerasOptimizerState.head(
              model, Optimizer.fromJson(compile.get("optimizer")), vars.size());
      if (head == 2 && optimizer.path("learning_rate").isNumber() && vars.get(1).rank() == 0) {
        ((ObjectNode) optimizer).put("learning_rate", vars.get(1).getDouble(0));
      }
      CompileConfig.applyKeras(model, compile);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (head >= 0) { // else never stepped (iterations and learning rate only): a fresh state
      KerasOptimizerState.assign(model, vars, head, h5.name());
    }
  }

  /** The model of a Keras config, built; {@code where} names the config in messages. */
  private static Model built(JsonNode config, String where) throws IOException {
    try {
      Model model = Model.fromJson(config);
      build(model);
      return model;
    } catch (RuntimeException e) {
      // Whatever a config makes the builders throw, the file is at fault: say which.
      throw new IOException(where + " has a model this build cannot read: " + e.getMessage(), e);
    }
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
