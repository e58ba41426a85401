package org.birnn.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A symbolic tensor of a functional model: the output {@code index} of one application of a layer,
 * with its static shape ({@code -1} for unknown). Made by {@link org.birnn.layers.models.Input} and
 * {@link #apply(Layer, KerasTensor...)}.
 *
 * <pre>{@code
 * KerasTensor x = Input.shape(5, 10);
 * List<KerasTensor> enc = KerasTensor.apply(bidirectionalWithStates, x); // [out, h_f, c_f, h_b, c_b]
 * KerasTensor h = KerasTensor.apply(Concatenate.builder().build(), enc.get(1), enc.get(3)).get(0);
 * }</pre>
 */
public final class KerasTensor {
  private final Node node;
  private final int index;
  private final long[] shape;

  KerasTensor(Node node, int index, long[] shape) {
    this.node = node;
    this.index = index;
    this.shape = shape.clone();
  }

  /** The application that produced this tensor. */
  public Node node() {
    return node;
  }

  /** Which output of that application this is. */
  public int index() {
    return index;
  }

  /** The static shape, batch axis first, {@code -1} where unknown. */
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return "KerasTensor" + Arrays.toString(shape) + " from " + node.layer();
  }

  /** Applies {@code layer} to symbolic inputs, building it, and returns its symbolic outputs. */
  public static List<KerasTensor> apply(Layer layer, KerasTensor... inputs) {
    List<long[]> shapes = new ArrayList<>();
    for (KerasTensor t : inputs) {
      shapes.add(t.shape);
    }
    List<long[]> outShapes = layer.build(shapes);
    Node node = new Node(layer, List.of(inputs));
    List<KerasTensor> outs = new ArrayList<>();
    for (int i = 0; i < outShapes.size(); i++) {
      outs.add(new KerasTensor(node, i, outShapes.get(i)));
    }
    node.setOutputs(outs);
    return outs;
  }

  /**
   * A tensor with no producing layer input: the output of an input layer declaring {@code
   * batchShape} ({@code -1} for unknown).
   */
  public static KerasTensor input(Layer layer, long[] batchShape) {
    Node node = new Node(layer, List.of());
    KerasTensor t = new KerasTensor(node, 0, batchShape.clone());
    node.setOutputs(List.of(t));
    return t;
  }

  /** One application of a layer in a graph: its layer, input tensors and output tensors. */
  public static final class Node {
    private final Layer layer;
    private final List<KerasTensor> inputs;
    private List<KerasTensor> outputs;

    Node(Layer layer, List<KerasTensor> inputs) {
      this.layer = layer;
      this.inputs = List.copyOf(inputs);
    }

    void setOutputs(List<KerasTensor> outputs) {
      this.outputs = List.copyOf(outputs);
    }

    /** The layer applied. */
    public Layer layer() {
      return layer;
    }

    /** The symbolic inputs (empty for an input layer). */
    public List<KerasTensor> inputs() {
      return inputs;
    }

    /** The symbolic outputs. */
    public List<KerasTensor> outputs() {
      return outputs;
    }
  }
}
