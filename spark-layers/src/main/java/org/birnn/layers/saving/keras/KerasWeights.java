package org.birnn.layers.saving.keras;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.birnn.layers.Layer;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.RNN;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's saving walk over a model's layers, as {@code keras.src.saving.saving_lib} writes {@code
 * model.weights.h5}: each layer's group is {@code layers/} plus the snake-cased class name, with
 * {@code _1}, {@code _2}, ... for the second, third layer of that class; its variables are {@code
 * vars/0..n} in {@code get_weights()} order. A recurrent layer keeps them in its cell ({@code
 * lstm/cell/vars}); a {@code Bidirectional} in {@code forward_layer/cell/vars} and {@code
 * backward_layer/cell/vars}. Names are never matched as fixed strings: they follow from the model.
 */
public final class KerasWeights {
  private KerasWeights() {}

  /**
   * Assigns the weights of every layer of {@code layers} (a built model's, in Keras's order) from
   * {@code h5}.
   *
   * @throws IOException naming the file and group of a missing or misshapen variable
   */
  public static void assign(List<Layer> layers, Hdf5 h5) throws IOException {
    Map<String, Integer> used = new HashMap<>();
    for (Layer layer : layers) {
      String base = snakeCase(layer.className());
      int n = used.merge(base, 1, Integer::sum) - 1;
      String group = "layers/" + (n == 0 ? base : base + "_" + n);
      List<INDArray> mine = layer.weightArrays();
      if (mine.isEmpty()) {
        continue;
      }
      List<INDArray> values = new ArrayList<>();
      for (String vars : varGroups(layer, group)) {
        values.addAll(h5.numberedArrays(vars));
      }
      check(layer, group, mine, values, h5);
      layer.setWeights(values);
    }
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

  private static void check(
      Layer layer, String group, List<INDArray> mine, List<INDArray> values, Hdf5 h5)
      throws IOException {
    if (values.size() != mine.size()) {
      throw new IOException(
          h5.name()
              + ": expected "
              + mine.size()
              + " variables for "
              + layer
              + " under "
              + String.join(" and ", varGroups(layer, group))
              + ", found "
              + values.size());
    }
    for (int i = 0; i < mine.size(); i++) {
      if (!java.util.Arrays.equals(mine.get(i).shape(), values.get(i).shape())) {
        throw new IOException(
            h5.name()
                + ": variable "
                + i
                + " of "
                + layer
                + " under "
                + group
                + " has shape "
                + java.util.Arrays.toString(values.get(i).shape())
                + "; expected "
                + java.util.Arrays.toString(mine.get(i).shape()));
      }
    }
  }

  /**
   * Keras's {@code naming.to_snake_case}: {@code GlobalMaxPooling1D} -> {@code
   * global_max_pooling1d}.
   */
  static String snakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
    return s.toLowerCase(java.util.Locale.ROOT);
  }
}
