package org.birnn.layers.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.Layer;

/** The layer applications of a model's graph in the order they run (Keras's topological order). */
final class GraphOrder {
  private GraphOrder() {}

  /**
   * The nodes between {@code inputs} and {@code outputs}, each after the nodes it reads.
   *
   * @throws IllegalArgumentException for a cycle, or an input the model was not given
   */
  static List<KerasTensor.Node> of(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    if (inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException("A model needs at least one input and one output");
    }
    Set<KerasTensor.Node> seen = new LinkedHashSet<>();
    for (KerasTensor t : outputs) {
      visit(t.node(), seen, new HashSet<>());
    }
    for (KerasTensor.Node n : seen) {
      if (n.inputs().isEmpty() && inputs.stream().noneMatch(i -> i.node() == n)) {
        throw new IllegalArgumentException(
            "Graph disconnected: " + n.layer() + " is an input the model was not given");
      }
    }
    return List.copyOf(seen);
  }

  /** Each layer of {@code order} once (a shared layer appears at its first use). */
  static List<Layer> layers(List<KerasTensor.Node> order) {
    List<Layer> layers = new ArrayList<>();
    Set<Layer> unique = Collections.newSetFromMap(new IdentityHashMap<>());
    for (KerasTensor.Node n : order) {
      if (unique.add(n.layer())) {
        layers.add(n.layer());
      }
    }
    return layers;
  }

  private static void visit(
      KerasTensor.Node n, Set<KerasTensor.Node> done, Set<KerasTensor.Node> active) {
    if (done.contains(n)) {
      return;
    }
    if (!active.add(n)) {
      throw new IllegalArgumentException("The layer graph has a cycle at " + n.layer());
    }
    for (KerasTensor t : n.inputs()) {
      visit(t.node(), done, active);
    }
    done.add(n);
  }
}
