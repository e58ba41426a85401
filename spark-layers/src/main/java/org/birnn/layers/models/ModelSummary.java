package org.birnn.layers.models;

import java.util.Arrays;
import java.util.List;
import org.birnn.layers.KerasTensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keras's {@code model.summary()}: one line per layer, then the total weight count. */
final class ModelSummary {
  private ModelSummary() {}

  static String of(String name, List<KerasTensor.Node> order) {
    StringBuilder sb = new StringBuilder("Model: \"" + name + "\"\n");
    long total = 0;
    for (KerasTensor.Node n : order) {
      long count = 0;
      for (INDArray w : n.layer().weightArrays()) {
        count += w.length();
      }
      total += count;
      sb.append(
          String.format(
              "%-28s %-24s %s%n",
              n.layer().name() + " (" + n.layer().className() + ")",
              Arrays.toString(n.outputs().get(0).shape()),
              count));
    }
    sb.append("Total params: ").append(total).append('\n');
    return sb.toString();
  }
}
