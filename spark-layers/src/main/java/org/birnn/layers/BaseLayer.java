package org.birnn.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.internal.LayerNames;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.saving.KerasJson;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shared plumbing of the non-recurrent layers: the {@code name, trainable, dtype} config header,
 * the build shapes, and weight storage that a model can rebind to views of a flat vector.
 */
public abstract class BaseLayer extends Layer {
  private final String name;
  private final boolean trainable;
  private final String dtype;
  private List<long[]> buildShapes;

  /** The weights in Keras order; empty until built. */
  protected List<INDArray> weights = new ArrayList<>();

  /**
   * @param defaultBase the base of a default name, for example {@code "dense"}
   */
  protected BaseLayer(String name, boolean trainable, String dtype, String defaultBase) {
    this.name = name != null ? name : LayerNames.unique(defaultBase);
    this.trainable = trainable;
    this.dtype = dtype == null ? "float32" : dtype;
    Tensors.dataType(this.dtype);
  }

  /** Reads the header keys {@code name}, {@code trainable} and {@code dtype} of a config. */
  protected BaseLayer(JsonNode config, String defaultBase) {
    this(
        KerasJson.string(config, "name", null),
        KerasJson.bool(config, "trainable", true),
        KerasJson.readDtype(config),
        defaultBase);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean trainable() {
    return trainable;
  }

  /** The ND4J data type of {@code dtype}. */
  protected DataType dataType() {
    return Tensors.dataType(dtype);
  }

  /** A config dict holding the header keys, in Keras order. */
  protected ObjectNode header() {
    ObjectNode c = KerasJson.object();
    c.put("name", name);
    c.put("trainable", trainable);
    c.set("dtype", KerasJson.dtypePolicy(dtype));
    return c;
  }

  @Override
  public final List<long[]> build(List<long[]> inputShapes) {
    List<long[]> out = outputShapes(inputShapes);
    if (buildShapes == null) {
      createWeights(inputShapes);
      buildShapes = new ArrayList<>();
      for (long[] s : inputShapes) {
        buildShapes.add(s.clone());
      }
    }
    return out;
  }

  /** Output shapes for input shapes; validates them. */
  protected abstract List<long[]> outputShapes(List<long[]> inputShapes);

  /** Creates the weights on first build (none by default). */
  protected void createWeights(List<long[]> inputShapes) {}

  @Override
  public List<long[]> buildShapes() {
    return buildShapes;
  }

  @Override
  public List<INDArray> weightArrays() {
    return weights;
  }

  @Override
  public void bindWeights(List<INDArray> views) {
    org.birnn.layers.internal.WeightChecks.checkSame(toString(), weights, views);
    for (int i = 0; i < views.size(); i++) {
      views.get(i).assign(weights.get(i));
    }
    weights = new ArrayList<>(views);
  }

  /** Builds from the shapes of actual inputs when the layer is not built yet. */
  protected void buildFrom(List<INDArray> inputs) {
    if (buildShapes == null) {
      List<long[]> shapes = new ArrayList<>();
      for (INDArray x : inputs) {
        long[] s = x.shape().clone();
        s[0] = -1;
        shapes.add(s);
      }
      build(shapes);
    }
  }

  /** A one-element list that may hold {@code null}. */
  protected static List<INDArray> one(INDArray a) {
    List<INDArray> l = new ArrayList<>(1);
    l.add(a);
    return l;
  }

  /** The first mask, or {@code null}. */
  protected static INDArray firstMask(List<INDArray> masks) {
    return masks == null || masks.isEmpty() ? null : masks.get(0);
  }
}
