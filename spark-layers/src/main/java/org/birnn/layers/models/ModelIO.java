package org.birnn.layers.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.birnn.layers.saving.FormatHeader;
import org.birnn.layers.saving.config.KerasJson;
import org.birnn.layers.saving.keras.Hdf5;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves a model to one zip file and loads it back, bit for bit:
 *
 * <ul>
 *   <li>{@code metadata.json}: the {@link FormatHeader} ({@code birnn-model}; this build writes
 *       version 2 and reads 1 and 2, which differ only in the header's key spelling);
 *   <li>{@code config.json}: the Keras 3 model JSON plus {@code compile_config} when compiled;
 *   <li>{@code model.weights.bin}: every weight in {@code get_weights()} order with shapes and a
 *       CRC32 checksum;
 *   <li>{@code optimizer.bin}: the flat optimizer state and the iteration count, when compiled.
 * </ul>
 *
 * <p>{@link #load} also reads Keras 3 {@code .keras} archives and legacy Keras 2 / tf.keras {@code
 * .h5} models (each recognised by its content, not its name), {@link #loadWeights} Keras {@code
 * .weights.h5} files, and {@link #saveKeras} writes {@code .keras} archives that Keras loads.
 *
 * <p>Loading never uses Java object deserialization; a truncated, corrupted or newer file fails
 * with an {@link IOException} that says which.
 */
public final class ModelIO {
  /** The format this build writes. */
  public static final int FORMAT_VERSION = 2;

  private static final String FORMAT = "birnn-model";

  private ModelIO() {}

  /** Writes {@code model} to {@code file} atomically (a temporary file, then a rename). */
  public static void save(Model model, Path file) throws IOException {
    writeAtomically(file, os -> write(model, os));
  }

  private interface Writing {
    void to(OutputStream os) throws IOException;
  }

  /** A temporary file beside {@code file}, renamed onto it once written: never a half file. */
  private static void writeAtomically(Path file, Writing writing) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream os = Files.newOutputStream(tmp)) {
        writing.to(os);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes the format of {@link #save} to a stream (for example a Hadoop file); not closed. */
  public static void write(Model model, OutputStream os) throws IOException {
    ObjectNode meta = FormatHeader.current(FORMAT, FORMAT_VERSION).toJson();
    ObjectNode config = model.toJsonNode();
    if (model.isCompiled()) {
      config.set("compile_config", CompileConfig.of(model));
    }
    List<TensorFile.Entry> weights = new ArrayList<>();
    List<INDArray> w = model.getWeights();
    for (int i = 0; i < w.size(); i++) {
      weights.add(new TensorFile.Entry("weight_" + i, w.get(i)));
    }
    // The entries that follow, so a file cut at an entry boundary is noticed on load.
    com.fasterxml.jackson.databind.node.ArrayNode listed = meta.putArray("entries");
    listed.add("config.json").add("model.weights.bin");
    if (model.isCompiled()) {
      listed.add("optimizer.bin");
    }
    ZipOutputStream zip = new ZipOutputStream(os);
    put(zip, "metadata.json", KerasJson.write(meta).getBytes(StandardCharsets.UTF_8));
    put(zip, "config.json", KerasJson.write(config).getBytes(StandardCharsets.UTF_8));
    put(zip, "model.weights.bin", TensorFile.write(weights));
    if (model.isCompiled()) {
      INDArray iterations = Nd4j.scalar(DataType.DOUBLE, (double) model.iterations()).reshape(1);
      put(
          zip,
          "optimizer.bin",
          TensorFile.write(
              List.of(
                  new TensorFile.Entry("state", model.optimizerState().dup().reshape(-1)),
                  new TensorFile.Entry("iterations", iterations))));
    }
    zip.finish();
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(data);
    zip.closeEntry();
  }

  /**
   * Reads a file written by {@link #save}: the model, its weights, and (when it was compiled) its
   * compile settings and optimizer state.
   *
   * @throws IOException for a missing, truncated, corrupted or unsupported file, saying which
   */
  public static Model load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("No model file at " + file);
    }
    try (InputStream is = Files.newInputStream(file)) {
      return read(is, file.toString());
    }
  }

  /**
   * Reads a Keras 3 {@code .weights.h5} file, or a legacy Keras 2 / tf.keras {@code .h5} weights or
   * model file, into {@code model}, a model built from the same config (as {@code
   * model.load_weights} does): Keras 3's variables are found by its saving walk, legacy ones layer
   * by layer in order (the file's {@code layer_names} that hold weights).
   *
   * @throws IOException naming the file and the group of a missing or misshapen variable
   */
  public static void loadWeights(Model model, Path file) throws IOException {
    try (Hdf5 h5 = Hdf5.open(file)) {
      KerasFiles.readWeights(model, h5);
    }
  }

  /**
   * Writes {@code model} as a Keras 3 {@code .keras} archive, which {@code keras.saving.load_model}
   * loads into a model that predicts as this one does. The archive holds the model's config and
   * weights, not its compile settings or optimizer state (they are the library's objects); written
   * atomically, like {@link #save}.
   *
   * @throws IllegalArgumentException when a layer is not one of Keras's classes (for example {@code
   *     CRF}), naming it
   */
  public static void saveKeras(Model model, Path file) throws IOException {
    writeAtomically(file, os -> writeKeras(model, os));
  }

  /**
   * Writes the archive of {@link #saveKeras} to a stream (for example a Hadoop file); not closed.
   */
  public static void writeKeras(Model model, OutputStream os) throws IOException {
    KerasFiles.writeArchive(model, os);
  }

  /**
   * Reads what {@link #load} reads from a stream: the format of {@link #save}, a Keras 3 archive or
   * a legacy Keras {@code .h5} model; {@code file} names it in messages.
   */
  public static Model read(InputStream is, String file) throws IOException {
    java.io.BufferedInputStream in = new java.io.BufferedInputStream(is);
    in.mark(8);
    byte[] head = in.readNBytes(8);
    in.reset();
    if (Hdf5.isHdf5(head)) {
      try (Hdf5 h5 = Hdf5.of(readBounded(in, file), file)) {
        return KerasFiles.readLegacy(h5);
      }
    }
    Map<String, byte[]> entries = readZip(in, file);
    if (KerasFiles.isArchive(entries)) {
      return KerasFiles.readArchive(entries, file);
    }
    for (String required : new String[] {"metadata.json", "config.json", "model.weights.bin"}) {
      if (!entries.containsKey(required)) {
        throw new IOException(
            file + " is not a complete birnn model: entry " + required + " is missing");
      }
    }
    JsonNode meta = parse(entries.get("metadata.json"), file + "!metadata.json");
    try {
      FormatHeader.read(meta, FORMAT, FORMAT_VERSION, file, null);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    for (JsonNode listed : meta.path("entries")) {
      if (!entries.containsKey(listed.asText())) {
        throw new IOException(
            file + " is cut short: entry " + listed.asText() + " is listed but missing");
      }
    }
    JsonNode config = parse(entries.get("config.json"), file + "!config.json");
    List<TensorFile.Entry> weights =
        TensorFile.read(entries.get("model.weights.bin"), file + "!model.weights.bin");
    ConfigSizes.requireWithin(config, weights, file + "!config.json");
    Model model;
    try {
      model = Model.fromJson(config);
    } catch (RuntimeException e) {
      // Whatever a config makes the builders throw, the file is at fault: say which.
      throw new IOException(file + " has a config this build cannot read: " + e.getMessage(), e);
    }
    List<INDArray> w = new ArrayList<>();
    weights.forEach(e -> w.add(e.value()));
    try {
      model.setWeights(w);
    } catch (RuntimeException e) {
      throw new IOException(file + ": the weights do not fit the config: " + e.getMessage(), e);
    }
    JsonNode cc = config.get("compile_config");
    if (cc != null && !cc.isNull()) {
      try {
        CompileConfig.apply(model, cc);
      } catch (RuntimeException e) {
        throw new IOException(
            file + " has a compile config this build cannot read: " + e.getMessage(), e);
      }
      if (entries.containsKey("optimizer.bin")) {
        List<TensorFile.Entry> opt =
            TensorFile.read(entries.get("optimizer.bin"), file + "!optimizer.bin");
        INDArray state = model.optimizerState();
        if (opt.size() != 2 || opt.get(1).value().length() != 1) {
          throw new IOException(
              file + "!optimizer.bin holds " + opt.size() + " tensors; expected state, iterations");
        }
        if (opt.get(0).value().length() != state.length()) {
          throw new IOException(
              file
                  + ": optimizer state has "
                  + opt.get(0).value().length()
                  + " entries; the model needs "
                  + state.length());
        }
        state.assign(opt.get(0).value().reshape(state.shape()));
        model.setIterations((long) opt.get(1).value().getDouble(0));
      }
    }
    return model;
  }

  /** The entries this format has; others are skipped unread. */
  private static final java.util.Set<String> ENTRIES =
      java.util.Set.of(
          "metadata.json", "config.json", "model.weights.bin", "optimizer.bin", "model.weights.h5");

  /**
   * A whole stream (a zip entry, an HDF5 file), refused past {@link #maxEntryBytes()} bytes before
   * that much is buffered: a zip entry's declared size cannot be trusted, so the bytes are counted
   * as they are read.
   */
  private static byte[] readBounded(InputStream in, String what) throws IOException {
    long max = maxEntryBytes();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(chunk)) > 0) {
      total += n;
      if (total > max) {
        throw new IOException(
            what
                + " holds more than "
                + max
                + " bytes, more than this JVM can hold (a corrupted or hostile file?)");
      }
      b.write(chunk, 0, n);
    }
    return b.toByteArray();
  }

  /** A quarter of the heap, and never more than a Java array holds. */
  static long maxEntryBytes() {
    return Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 4);
  }

  private static JsonNode parse(byte[] data, String what) throws IOException {
    try {
      return KerasJson.MAPPER.readTree(data);
    } catch (IOException e) {
      throw new IOException(what + " is not valid JSON (corrupted file?): " + e.getMessage(), e);
    }
  }

  private static Map<String, byte[]> readZip(InputStream is, String file) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try {
      ZipInputStream zip = new ZipInputStream(is);
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (e.getName().equals("model.weights.npz")) {
          // Keras's optional NumPy weights format pickles each layer's dict of Keras Variable
          // objects (the writing backend's, a JAX array inside a JAX Variable for example):
          // reading it means running Python's pickle with Keras and that backend, never done here.
          throw new IOException(
              file
                  + " keeps its weights in model.weights.npz (pickled Keras variable objects of the backend that wrote it), which"
                  + " is not read: save it from Keras with the default weights format (.h5)");
        }
        if (!ENTRIES.contains(e.getName())) {
          continue; // not ours: never buffered
        }
        out.put(e.getName(), readBounded(zip, file + "!" + e.getName()));
      }
    } catch (ZipException | java.io.EOFException | IllegalArgumentException e) {
      // IllegalArgumentException: a damaged entry name the zip reader cannot decode.
      throw new IOException(
          file + " is not a readable model file (truncated or corrupted zip): " + e.getMessage(),
          e);
    }
    if (out.isEmpty()) {
      throw new IOException(
          file + " is not a birnn model file (no zip entries; truncated or corrupted?)");
    }
    return out;
  }
}
