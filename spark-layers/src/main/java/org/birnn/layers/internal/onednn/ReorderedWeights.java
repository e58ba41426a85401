package org.birnn.layers.internal.onednn;

import org.birnn.layers.rnn.cells.CellWeights;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A direction's kernels in the layouts its primitives want, reordered once for the several oneDNN
 * calls of one pass (the time segments of a masked inference) instead of once per call: a reorder
 * is tiny, but each is a parallel region of its own, and the per-call copies and reorders cost a
 * segmented pass as much as its smaller segments saved. Close it when the pass is done.
 */
final class ReorderedWeights implements AutoCloseable {
  private final CellWeights weights;
  private INDArray kernel;
  private INDArray recurrent;
  private memory layer;
  private memory iter;
  private memory.desc layerDesc;
  private memory.desc iterDesc;

  ReorderedWeights(CellWeights weights) {
    this.weights = weights;
  }

  /**
   * Makes the reordered kernels for {@code built}'s layouts, unless the ones made for an earlier
   * call already have them. Call it outside any {@code PointerScope}: the memories outlive a call.
   */
  void prepare(stream s, RnnPrimitives prims, RnnPrimitives.Built built) {
    if (kernel == null) {
      kernel = OneDnnKernel.inPlace(weights.kernel());
      recurrent = OneDnnKernel.inPlace(weights.recurrentKernel());
    }
    if (layer == null || !built.weightsLayer.equals(layerDesc)) {
      close(layer);
      layerDesc = built.weightsLayer;
      layer = reordered(s, built, prims.weightsLayer, built.weightsLayer, kernel);
    }
    if (iter == null || !built.weightsIter.equals(iterDesc)) {
      close(iter);
      iterDesc = built.weightsIter;
      iter = reordered(s, built, prims.weightsIter, built.weightsIter, recurrent);
    }
  }

  /** The input kernel in the prepared layout. */
  memory layer() {
    return layer;
  }

  /** The recurrent kernel in the prepared layout. */
  memory iter() {
    return iter;
  }

  private static memory reordered(
      stream s, RnnPrimitives.Built built, memory.desc user, memory.desc wanted, INDArray data) {
    memory dst = new memory(wanted, OneDnnRuntime.engine());
    try (memory src = OneDnnKernel.wrap(user, data)) {
      built.reorder(user, wanted).execute(s, src, dst);
      s._wait();
    }
    return dst;
  }

  private static void close(memory m) {
    if (m != null) {
      m.close();
    }
  }

  @Override
  public void close() {
    close(layer);
    close(iter);
    layer = null;
    iter = null;
    DirectionTape.releaseCopy(kernel, weights.kernel());
    DirectionTape.releaseCopy(recurrent, weights.recurrentKernel());
    kernel = null;
    recurrent = null;
  }
}
