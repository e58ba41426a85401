package org.birnn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.internal.LayerNames;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shared plumbing of the non-recurrent layers: the config values (read, built and written through
 * the layer's {@link ConfigTable}, whose first keys are Keras's {@code name, trainable, dtype}),
 * the build shapes, and weight storage that a model can rebind to views of a flat vector.
 */
public abstract class BaseLayer extends Layer {
  private final ConfigValues config;
  private List<long[]> buildShapes;

  /** The weights in Keras order; empty until built. */
  protected List<INDArray> weights = new ArrayList<>();

  /**
   * @param config the layer's checked values, from its {@link #table()}
   * @param defaultBase the base of a default name, for example {@code "dense"}
   */
  protected BaseLayer(ConfigValues config, String defaultBase) {
    this.config =
        config.get(ConfigKeys.NAME) != null
            ? config
            : config.with(ConfigKeys.NAME, LayerNames.unique(defaultBase));
    Tensors.dataType(config.getOrDefault(ConfigKeys.DTYPE));
  }

  /** The layer's config keys in Keras order, by class name. */
  protected abstract ConfigTable<String> table();

  /** The value of one of the layer's config keys. */
  protected <T> T get(ConfigKey<T> key) {
    return config.get(key);
  }

  /** The Keras 3 config dict, written by {@link #table()}. */
  @Override
  public ObjectNode getConfig() {
    return table().write(className(), config);
  }

  @Override
  public String name() {
    return config.get(ConfigKeys.NAME);
  }

  @Override
  public boolean trainable() {
    return config.getOrDefault(ConfigKeys.TRAINABLE);
  }

  /** The ND4J data type of {@code dtype}. */
  protected DataType dataType() {
    return Tensors.dataType(config.getOrDefault(ConfigKeys.DTYPE));
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
