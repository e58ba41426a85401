package org.birnn.layers.internal.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_LAYER;

import org.birnn.layers.cells.CellWeights;
import org.birnn.layers.cells.RecurrentCell;
import org.birnn.layers.internal.Tensors;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inference pass of an unmasked {@code Bidirectional(merge_mode="concat")} with zero initial
 * states, as two oneDNN calls and no copies: both directions read the {@code [batch, time,
 * features]} input in place, the backward one from right to left (so its outputs are already
 * aligned with input time, as the wrapper would flip them), and each writes its columns of the
 * {@code [batch, time, units_f + units_b]} output. It computes exactly what the layer-by-layer path
 * computes; the wrapper tests the two against each other.
 */
public final class FusedBidirectional {
  private FusedBidirectional() {}

  /** Whether both cells run on oneDNN for input {@code x}. */
  public static boolean eligible(RecurrentCell forward, RecurrentCell backward, INDArray x) {
    return OneDnnRuntime.available()
        && RnnKind.of(forward) != null
        && RnnKind.of(backward) != null
        && x.dataType() == DataType.FLOAT;
  }

  /**
   * The merged output {@code [batch, time, units_f + units_b]}.
   *
   * @param x {@code [batch, time, features]}
   */
  public static INDArray concat(
      RecurrentCell forward, CellWeights fw, RecurrentCell backward, CellWeights bw, INDArray x) {
    INDArray in = OneDnnKernel.contiguous(x);
    long b = in.size(0);
    long t = in.size(1);
    int width = forward.units() + backward.units();
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, b, t, width);
    run(forward, fw, in, out, 0, false);
    run(backward, bw, in, out, forward.units(), true);
    if (in != x) {
      Tensors.release(in);
    }
    return out;
  }

  private static void run(
      RecurrentCell cell,
      CellWeights w,
      INDArray x,
      INDArray out,
      long column,
      boolean rightToLeft) {
    RnnKind kind = RnnKind.of(cell);
    dnnl.algorithm act = RnnKind.activation(cell);
    RnnPrimitives prims =
        OneDnnKernel.primitives(
            new RnnPrimitives.Key(
                kind,
                act,
                x.size(1),
                x.size(0),
                x.size(2),
                cell.units(),
                out.size(2),
                rightToLeft));
    RnnPrimitives.Built built = prims.inference();
    INDArray bias = BiasLayout.toOneDnn(kind, w.bias(), cell.units());
    INDArray kernel = OneDnnKernel.contiguous(w.kernel());
    INDArray recurrent = OneDnnKernel.contiguous(w.recurrentKernel());
    stream s = OneDnnRuntime.stream();
    try (PointerScope scope = new PointerScope()) {
      IntMemoryMap args = new IntMemoryMap();
      args.put(DNNL_ARG_SRC_LAYER, OneDnnKernel.wrap(prims.src, x));
      args.put(
          DNNL_ARG_WEIGHTS_LAYER,
          OneDnnKernel.weights(s, prims.weightsLayer, built.weightsLayer, kernel));
      args.put(
          DNNL_ARG_WEIGHTS_ITER,
          OneDnnKernel.weights(s, prims.weightsIter, built.weightsIter, recurrent));
      args.put(DNNL_ARG_BIAS, OneDnnKernel.wrap(prims.bias, bias));
      // A byte position: JavaCPP adds it as bytes for a void* argument.
      BytePointer columns =
          new BytePointer(out.data().addressPointer()).position(column * Float.BYTES);
      args.put(DNNL_ARG_DST_LAYER, new memory(prims.dst, OneDnnRuntime.engine(), columns));
      OneDnnKernel.scratchpad(args, built);
      built.primitive.execute(s, args);
      s._wait();
    }
  }
}
