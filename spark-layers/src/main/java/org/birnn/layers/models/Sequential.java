package org.birnn.layers.models;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.KerasTensor;
import org.birnn.layers.Layer;
import org.birnn.layers.core.InputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code Sequential}: a stack of single-input layers. Give the input shape with {@link Input}
 * (or an {@link InputLayer}) first, or let the first batch of data build it.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(Input.shape(5, 10),
 *     Bidirectional.of(LSTM.builder().units(10).returnSequences(true).build()),
 *     Bidirectional.of(LSTM.of(10)),
 *     Dense.builder().units(5).activation(Activation.SOFTMAX).build());
 * model.compile("categorical_crossentropy", "rmsprop");
 * }</pre>
 */
public final class Sequential extends Model {
  private final List<Layer> stack = new ArrayList<>();
  private InputLayer inputLayer;

  /** An empty model named {@code name} ({@code null} for {@code sequential[_n]}). */
  public Sequential(String name) {
    super(name != null ? name : org.birnn.layers.internal.LayerNames.unique("sequential"));
  }

  /**
   * A model from an optional {@link Input} tensor (or {@link InputLayer}) followed by layers.
   *
   * @throws IllegalArgumentException for anything else in the list
   */
  public static Sequential of(Object... items) {
    Sequential s = new Sequential(null);
    for (Object o : items) {
      if (o instanceof KerasTensor
          && s.stack.isEmpty()
          && s.inputLayer == null
          && ((KerasTensor) o).node().layer() instanceof InputLayer) {
        s.inputLayer = (InputLayer) ((KerasTensor) o).node().layer();
      } else if (o instanceof InputLayer && s.stack.isEmpty() && s.inputLayer == null) {
        s.inputLayer = (InputLayer) o;
      } else if (o instanceof Layer && !(o instanceof InputLayer)) {
        s.stack.add((Layer) o);
      } else {
        throw new IllegalArgumentException(
            "Sequential takes an optional Input first, then layers; received " + o);
      }
    }
    if (s.inputLayer != null) {
      s.buildGraph();
    }
    return s;
  }

  /** The same stack under an input layer, built. */
  static Sequential rebuild(Sequential s, InputLayer input) {
    s.inputLayer = input;
    s.buildGraph();
    return s;
  }

  /** Appends a layer (before the model is built). */
  public Sequential add(Layer layer) {
    if (hasGraph()) {
      throw new IllegalStateException("Sequential '" + name() + "' is built; add layers before");
    }
    stack.add(layer);
    return this;
  }

  /** The layers of the stack (without the input layer). */
  public List<Layer> stack() {
    return List.copyOf(stack);
  }

  /** The input layer, or {@code null} before build. */
  public InputLayer inputLayer() {
    return inputLayer;
  }

  private void buildGraph() {
    if (stack.isEmpty()) {
      throw new IllegalStateException("Sequential '" + name() + "' has no layers");
    }
    KerasTensor x = KerasTensor.input(inputLayer, inputLayer.batchShape());
    KerasTensor t = x;
    for (Layer l : stack) {
      List<KerasTensor> out = KerasTensor.apply(l, t);
      if (out.size() != 1) {
        throw new IllegalArgumentException(
            "Sequential layers must have one output; "
                + l
                + " has "
                + out.size()
                + " (use the functional Model for return_state or merge_mode=None)");
      }
      t = out.get(0);
    }
    setGraph(List.of(x), List.of(t));
  }

  @Override
  public com.fasterxml.jackson.databind.node.ObjectNode toJsonNode() {
    return ModelJson.toJson(this);
  }

  @Override
  protected void ensureGraph(List<INDArray> xs) {
    if (hasGraph()) {
      return;
    }
    long[] shape = xs.get(0).shape().clone();
    shape[0] = -1;
    inputLayer = InputLayer.builder().batchShape(shape).build();
    buildGraph();
  }
}
