package org.birnn.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A node of a model: Keras's {@code keras.layers.Layer} as far as models need it. A layer maps
 * input tensors (and their time masks) to output tensors (and masks), and backpropagates.
 *
 * <p>Shapes use {@code -1} for an unknown dimension (the batch, or a variable time axis), as Keras
 * uses {@code None}. Weights are the trainable tensors in Keras order; a model may {@linkplain
 * #bindWeights rebind} them to views of one flat parameter vector.
 */
public abstract class Layer {
  /** The Keras {@code class_name}, for example {@code "Dense"}. */
  public abstract String className();

  /** The layer name. */
  public abstract String name();

  /** Whether the optimizer updates this layer's weights. */
  public boolean trainable() {
    return getConfig().path("trainable").asBoolean(true);
  }

  /** The Keras 3 config dict. */
  public abstract ObjectNode getConfig();

  /**
   * Builds the layer for the given input shapes (no-op if built) and returns its output shapes.
   *
   * @throws IllegalArgumentException when the shapes do not fit the layer
   */
  public abstract List<long[]> build(List<long[]> inputShapes);

  /** The input shapes the layer was built with, or {@code null}. */
  public abstract List<long[]> buildShapes();

  /** The weight tensors themselves (not copies) in Keras order; empty before build. */
  public abstract List<INDArray> weightArrays();

  /**
   * Copies the current weight values into {@code views} (same count, order and shapes as {@link
   * #weightArrays()}) and from then on uses the views as the weights.
   */
  public abstract void bindWeights(List<INDArray> views);

  /**
   * Runs the layer.
   *
   * @param inputs the input tensors
   * @param masks one time mask {@code [batch, time]} (or {@code null}) per input
   * @param training whether dropout and similar are active
   */
  public abstract LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training);

  /**
   * Restarts the random streams of dropout from {@code seed}, so a training step is reproducible
   * (no-op for layers without randomness).
   */
  public void reseed(long seed) {}

  /** Weight-regularization penalty (0 without regularizers). */
  public double regularizationPenalty() {
    return 0;
  }

  /** Gradients of {@link #regularizationPenalty()}, one per weight ({@code null} for none). */
  public List<INDArray> regularizationGradients() {
    List<INDArray> none = new ArrayList<>();
    for (int i = 0; i < weightArrays().size(); i++) {
      none.add(null);
    }
    return none;
  }

  /** Copies of the weights in Keras order. */
  public List<INDArray> getWeights() {
    List<INDArray> out = new ArrayList<>();
    for (INDArray w : weightArrays()) {
      out.add(w.dup());
    }
    return out;
  }

  /** Replaces the weight values (count, order and shapes as {@link #getWeights()}). */
  public void setWeights(List<INDArray> values) {
    List<INDArray> mine = weightArrays();
    org.birnn.layers.internal.WeightChecks.checkSame(this.toString(), mine, values);
    for (int i = 0; i < mine.size(); i++) {
      mine.get(i).assign(values.get(i));
    }
  }

  /**
   * Keras's {@code get_build_config}: {@code {"input_shape": [...]}} of the input shape the layer
   * was built with (unknown dimensions as null), a list of shapes for a layer of several inputs (as
   * a merge layer's {@code build} requires), or {@code null} when unbuilt.
   */
  public ObjectNode getBuildConfig() {
    List<long[]> shapes = buildShapes();
    if (shapes == null || shapes.isEmpty()) {
      return null;
    }
    if (shapes.size() == 1) {
      return buildConfig(shapes.get(0));
    }
    ObjectNode bc = JsonNodeFactory.instance.objectNode();
    ArrayNode all = bc.putArray("input_shape");
    for (long[] s : shapes) {
      all.add(buildConfig(s).get("input_shape"));
    }
    return bc;
  }

  /** {@code {"input_shape": [...]}} with {@code -1} written as null. */
  protected static ObjectNode buildConfig(long[] inputShape) {
    ObjectNode bc = JsonNodeFactory.instance.objectNode();
    ArrayNode shape = bc.putArray("input_shape");
    for (long d : inputShape) {
      if (d < 0) {
        shape.addNull();
      } else {
        shape.add(d);
      }
    }
    return bc;
  }

  @Override
  public String toString() {
    return className() + " '" + name() + "'";
  }
}
