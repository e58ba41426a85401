package org.birnn.layers.models;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.birnn.layers.Layer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.internal.HeapFloats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * All weights of a model as views of one flat parameter vector, and their gradients as views of a
 * second one, in Keras {@code model.get_weights()} order. Parameter averaging across a cluster is
 * then one vector operation.
 */
final class ParameterStore {
  private final List<Layer> layers;
  private final Map<Layer, List<INDArray>> gradViews = new IdentityHashMap<>();
  private final long[] offsets;
  private final INDArray params;
  private final INDArray grads;
  private final Map<Layer, Integer> firstWeight = new IdentityHashMap<>();
  private final GradientDirt dirt;

  /** Weights up to this length add their gradients in Java. */
  private static final long SMALL = 1 << 16;

  ParameterStore(List<Layer> layers) {
    this.layers = List.copyOf(layers);
    List<INDArray> all = new ArrayList<>();
    for (Layer l : layers) {
      all.addAll(l.weightArrays());
    }
    DataType type = all.isEmpty() ? DataType.FLOAT : all.get(0).dataType();
    offsets = new long[all.size() + 1];
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).dataType() != type) {
        throw new IllegalArgumentException(
            "All weights of a model must have one dtype; found "
                + type
                + " and "
                + all.get(i).dataType()
                + " (set the same dtype on every layer)");
      }
      offsets[i + 1] = offsets[i] + all.get(i).length();
    }
    long n = offsets[all.size()];
    params = Nd4j.create(type, Math.max(n, 1)).get(NDArrayIndex.interval(0, n));
    grads = Nd4j.create(type, Math.max(n, 1)).get(NDArrayIndex.interval(0, n));
    int k = 0;
    int[] widths = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      long[] shape = all.get(i).shape();
      widths[i] = shape.length == 0 ? 0 : (int) shape[shape.length - 1];
    }
    dirt = new GradientDirt(offsets, widths);
    for (Layer l : layers) {
      firstWeight.put(l, k);
      List<INDArray> pv = new ArrayList<>();
      List<INDArray> gv = new ArrayList<>();
      for (INDArray w : l.weightArrays()) {
        pv.add(view(params, offsets[k], w.shape()));
        gv.add(view(grads, offsets[k], w.shape()));
        k++;
      }
      l.bindWeights(pv);
      gradViews.put(l, gv);
    }
  }

  private static INDArray view(INDArray flat, long from, long[] shape) {
    long len = 1;
    for (long s : shape) {
      len *= s;
    }
    return flat.get(NDArrayIndex.interval(from, from + len)).reshape('c', shape);
  }

  /** The layers, in weight order. */
  List<Layer> layers() {
    return layers;
  }

  /** The flat parameters (a live view: writing it changes the model). */
  INDArray params() {
    return params;
  }

  /** The flat gradients of the last training step, for the optimizer (which only reads them). */
  INDArray grads() {
    return grads;
  }

  /** The flat gradients handed to a caller who may write them anywhere. */
  INDArray gradsForCaller() {
    dirt.allFull();
    return grads;
  }

  /** Start of each weight tensor in the flat vector, then the total length. */
  long[] offsets() {
    return offsets.clone();
  }

  void zeroGrads() {
    dirt.zero(grads);
  }

  /** Adds a layer call's weight gradients (entries may be {@code null}). */
  void addGrads(Layer layer, List<INDArray> dWeights) {
    List<INDArray> views = gradViews.get(layer);
    if (views == null || dWeights == null || !layer.trainable()) {
      return;
    }
    int first = firstWeight.get(layer);
    for (int i = 0; i < views.size() && i < dWeights.size(); i++) {
      if (dWeights.get(i) != null) {
        dirt.full(first + i);
        INDArray view = views.get(i);
        INDArray d = dWeights.get(i);
        if (view.length() <= SMALL && HeapFloats.direct(view) && HeapFloats.direct(d)) {
          HeapFloats.addInto(view, d); // a small weight's sum costs less than an ND4J call
        } else {
          view.addi(d.castTo(view.dataType()));
        }
      }
    }
  }

  /**
   * Adds row-sparse weight gradients: through the gradient vector's buffer for float32 (a pass over
   * the rows touched), else row by row.
   */
  void addRowGrads(Layer layer, List<LayerCall.RowGradient> rows) {
    List<INDArray> views = gradViews.get(layer);
    if (views == null || rows.isEmpty() || !layer.trainable()) {
      return;
    }
    for (LayerCall.RowGradient r : rows) {
      INDArray view = views.get(r.weight());
      dirt.rows(firstWeight.get(layer) + r.weight(), r.rows());
      if (HeapFloats.direct(view)) {
        HeapFloats.scatterAdd(view, r.rows(), r.values());
      } else {
        INDArray values = r.values().castTo(view.dataType());
        for (int i = 0; i < r.rows().length; i++) {
          view.getRow(r.rows()[i]).addi(values.getRow(i));
        }
      }
    }
  }

  /** Adds the layers' regularization penalties' gradients; returns the penalty. */
  double addRegularization() {
    double penalty = 0;
    for (Layer l : layers) {
      if (!l.trainable()) {
        continue;
      }
      penalty += l.regularizationPenalty();
      addGrads(l, l.regularizationGradients());
    }
    return penalty;
  }
}
