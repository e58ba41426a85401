package org.birnn.layers.saving.keras;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.birnn.layers.Layer;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.RNN;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's weight layouts over a model's layers, read and written.
 *
 * <p>Keras 3 ({@code keras.src.saving.saving_lib}, the {@code model.weights.h5} of a {@code .keras}
 * archive and {@code .weights.h5} files): each layer's group is {@code layers/} plus the
 * snake-cased class name, with {@code _1}, {@code _2}, ... for the second, third layer of that
 * class; its variables are {@code vars/0..n} in {@code get_weights()} order. A recurrent layer
 * keeps them in its cell ({@code lstm/cell/vars}); a {@code Bidirectional} in {@code
 * forward_layer/cell/vars} and {@code backward_layer/cell/vars}. tf-keras 2.13-2.15 archives name
 * the top group {@code _layer_checkpoint_dependencies} instead of {@code layers}, and Keras before
 * 3.6 writes no {@code name} attributes; both read the same. Names are never matched as fixed
 * strings: they follow from the model.
 *
 * <p>Legacy Keras 2 / tf.keras HDF5 ({@code model.save("m.h5")}, {@code save_weights("w.h5")}): one
 * group per layer under {@code model_weights} (or the root), listed in order by the {@code
 * layer_names} attribute, whose {@code weight_names} attribute lists its datasets in {@code
 * get_weights()} order.
 */
public final class KerasWeights {
  private static final String LAYERS = "layers";
  private static final String TF_KERAS_LAYERS = "_layer_checkpoint_dependencies";

  private KerasWeights() {}

  /**
   * Assigns the weights of every layer of {@code layers} (a built model's, in Keras's order) from a
   * Keras 3 weights file.
   *
   * @throws IOException naming the file and group of a missing or misshapen variable
   */
  public static void assign(List<Layer> layers, Hdf5 h5) throws IOException {
    String top = !h5.hasGroup(LAYERS) && h5.hasGroup(TF_KERAS_LAYERS) ? TF_KERAS_LAYERS : LAYERS;
    Map<String, Integer> used = new HashMap<>();
    for (Layer layer : layers) {
      String group = top + "/" + walkName(layer, used);
      if (layer.weightArrays().isEmpty()) {
        continue;
      }
      List<INDArray> values = new ArrayList<>();
      List<String> vars = varGroups(layer, group);
      for (String g : vars) {
        List<INDArray> found = h5.numberedArrays(g);
        int expected = cellCount(layer, g);
        if (found.size() != expected) {
          throw new IOException(
              h5.name()
                  + ": expected "
                  + expected
                  + " variables under "
                  + g
                  + " for "
                  + layer
                  + ", found "
                  + found.size());
        }
        values.addAll(found);
      }
      assign(layer, values, String.join(" and ", vars), h5);
    }
  }

  /** Whether {@code h5} has Keras 3's layout rather than the legacy one. */
  public static boolean isKeras3(Hdf5 h5) {
    return h5.hasGroup(LAYERS) || h5.hasGroup(TF_KERAS_LAYERS) || h5.hasGroup("vars");
  }

  /**
   * Assigns the weights of every layer of {@code layers} from a legacy Keras 2 HDF5 file, as
   * Keras's {@code load_weights} does: the file's layers that hold weights ({@code layer_names}),
   * in order, to the model's layers that have weights, in order; names need not agree.
   *
   * @throws IOException naming the file and group of a missing or misshapen weight, or the counts
   *     when the file holds weights for another number of layers
   */
  public static void assignLegacy(List<Layer> layers, Hdf5 h5) throws IOException {
    String root = h5.hasGroup("model_weights") ? "model_weights" : "/";
    String prefix = "/".equals(root) ? "" : root + "/";
    List<String> groups = new ArrayList<>();
    for (String name : h5.stringsAttribute(root, "layer_names")) {
      if (!h5.stringsAttribute(prefix + name, "weight_names").isEmpty()) {
        groups.add(prefix + name);
      }
    }
    List<Layer> mine = layers.stream().filter(l -> !l.weightArrays().isEmpty()).toList();
    if (groups.size() != mine.size()) {
      throw new IOException(
          h5.name()
              + " holds weights for "
              + groups.size()
              + " layers "
              + groups
              + "; the model has "
              + mine.size()
              + " layers with weights "
              + mine.stream().map(Layer::name).toList());
    }
    for (int i = 0; i < groups.size(); i++) {
      List<INDArray> values = new ArrayList<>();
      for (String weight : h5.stringsAttribute(groups.get(i), "weight_names")) {
        values.add(h5.array(groups.get(i) + "/" + weight));
      }
      assign(mine.get(i), values, groups.get(i), h5);
    }
  }

  /**
   * Writes the weights of {@code layers} (a built model's, in Keras's order) in Keras 3's layout,
   * as Keras 3.12 reads it: the groups that hold variables, without the {@code name} attributes
   * (Keras 3.6 added them for its messages; Keras before 3.6 did not write them) or the empty
   * groups of layers without variables (Keras reads a missing group as no variables).
   */
  public static void write(List<Layer> layers, Hdf5.Writer out) {
    Map<String, Integer> used = new HashMap<>();
    for (Layer layer : layers) {
      String group = LAYERS + "/" + walkName(layer, used);
      List<INDArray> weights = layer.getWeights();
      int next = 0;
      for (String vars : varGroups(layer, group)) {
        int n = cellCount(layer, vars);
        for (int i = 0; i < n; i++) {
          out.dataset(vars + "/" + i, weights.get(next + i));
        }
        next += n;
      }
    }
  }

  /** How many of the layer's variables the {@code vars} group holds. */
  private static int cellCount(Layer layer, String vars) {
    if (layer instanceof Bidirectional b) {
      return (vars.endsWith("/forward_layer/cell/vars") ? b.forwardLayer() : b.backwardLayer())
          .weightArrays()
          .size();
    }
    return layer.weightArrays().size();
  }

  /**
   * The layer's group under {@code layers/}, counting the classes already walked in {@code used}.
   */
  private static String walkName(Layer layer, Map<String, Integer> used) {
    String base = snakeCase(layer.className());
    int n = used.merge(base, 1, Integer::sum) - 1;
    return n == 0 ? base : base + "_" + n;
  }

  /** The {@code vars} groups of one layer, in {@code get_weights()} order. */
  static List<String> varGroups(Layer layer, String group) {
    if (layer instanceof Bidirectional) {
      return List.of(group + "/forward_layer/cell/vars", group + "/backward_layer/cell/vars");
    }
    if (layer instanceof RNN) {
      return List.of(group + "/cell/vars");
    }
    return List.of(group + "/vars");
  }

  private static void assign(Layer layer, List<INDArray> values, String where, Hdf5 h5)
      throws IOException {
    List<INDArray> mine = layer.weightArrays();
    if (values.size() != mine.size()) {
      throw new IOException(
          h5.name()
              + ": expected "
              + mine.size()
              + " variables for "
              + layer
              + " under "
              + where
              + ", found "
              + values.size());
    }
    for (int i = 0; i < mine.size(); i++) {
      if (!Arrays.equals(mine.get(i).shape(), values.get(i).shape())) {
        throw new IOException(
            h5.name()
                + ": variable "
                + i
                + " of "
                + layer
                + " under "
                + where
                + " has shape "
                + Arrays.toString(values.get(i).shape())
                + "; expected "
                + Arrays.toString(mine.get(i).shape()));
      }
    }
    layer.setWeights(values);
  }

  /**
   * Keras's {@code naming.to_snake_case}: {@code GlobalMaxPooling1D} -> {@code
   * global_max_pooling1d}.
   */
  static String snakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
    return s.toLowerCase(Locale.ROOT);
  }
}
