package org.birnn.layers.internal.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.internal.HeapFloats;
import org.birnn.layers.internal.RecurrentLoop;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.rnn.kernels.SequenceKernel;
import org.birnn.layers.utils.NativeMemory;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link SequenceKernel} on oneDNN's fused RNN primitives: one native call runs a whole direction
 * (input projection, per-step recurrent GEMM and gate arithmetic), and one more its backward pass.
 *
 * <p>It takes the cases oneDNN computes exactly: float32, LSTM and GRU with {@code tanh}/{@code
 * sigmoid}, SimpleRNN with {@code tanh}, {@code relu} or {@code sigmoid}, no dropout, and masks
 * whose kept steps are one contiguous run per sample ({@link RaggedBatch}). Everything else goes to
 * {@link RecurrentLoop}, the reference it is tested equal to.
 */
public final class OneDnnKernel implements SequenceKernel {
  /** The shared instance. */
  public static final OneDnnKernel INSTANCE = new OneDnnKernel();

  private static final ThreadLocal<INDArray[]> SCRATCH =
      ThreadLocal.withInitial(() -> new INDArray[1]);

  private OneDnnKernel() {}

  /**
   * Whether this kernel (rather than the reference) runs {@code cell} on {@code input}.
   *
   * @return {@code null} when it does, else the reason it does not
   */
  public static String ineligibility(RecurrentCell cell, Input input) {
    return ineligibility(cell, input, input.mask() == null ? null : RaggedBatch.of(input.mask()));
  }

  /** As {@link #ineligibility(RecurrentCell, Input)}, with the mask's runs already scanned. */
  private static String ineligibility(RecurrentCell cell, Input input, RaggedBatch ragged) {
    if (!OneDnnRuntime.available()) {
      return "oneDNN not available: " + OneDnnRuntime.unavailableReason();
    }
    if (RnnKind.of(cell) == null) {
      return "cell "
          + cell.getClass().getSimpleName()
          + " with these activations has no oneDNN"
          + " equivalent";
    }
    if (input.xs().dataType() != DataType.FLOAT) {
      return "dtype " + input.xs().dataType() + " (oneDNN RNNs are float32)";
    }
    if (input.inputMasks() != null || input.recurrentMasks() != null) {
      return "dropout masks";
    }
    if (input.mask() != null) {
      if (ragged == null) {
        return "a mask whose kept steps are not one contiguous run per sample";
      }
      if (cell.stateCount() > 1 && input.needFinalStates() && !ragged.dense()) {
        return "final cell states of a ragged batch are needed (return_state or stateful)";
      }
    }
    return null;
  }

  @Override
  public Forward forward(RecurrentCell cell, Input in) {
    // The mask is scanned once, for the eligibility check and for packing.
    RaggedBatch ragged = in.mask() == null ? null : RaggedBatch.of(in.mask());
    if (ineligibility(cell, in, ragged) != null) {
      return RecurrentLoop.INSTANCE.forward(cell, in);
    }
    if (ragged != null && !ragged.dense()) {
      RaggedTape tape = new RaggedTape(cell, in, ragged);
      tape.run(in.training());
      return tape;
    }
    PlainTape tape = new PlainTape(cell, in);
    tape.tape.run(in.training());
    return tape;
  }

  @Override
  public Gradients backward(Forward forward, INDArray dEmitted, List<INDArray> dFinalStates) {
    if (forward instanceof RaggedTape ragged) {
      return ragged.backward(dEmitted, dFinalStates);
    }
    if (!(forward instanceof PlainTape plain)) {
      return RecurrentLoop.INSTANCE.backward(forward, dEmitted, dFinalStates);
    }
    if (!plain.tape.hasWorkspace()) {
      plain.tape.run(true); // the forward ran for inference; redo it keeping the workspace
    }
    return plain.backward(dEmitted, dFinalStates);
  }

  static RnnPrimitives primitives(RnnPrimitives.Key key) {
    return PrimitiveCache.get(key);
  }

  /** Weight gradients in Keras's layout from a backward pass's (the bias blocks differ). */
  static CellWeights kerasGradients(
      RnnKind kind, int units, CellWeights weights, DirectionTape.Gradients g) {
    INDArray bias = weights.bias() == null ? null : BiasLayout.toKeras(kind, g.dBias(), units);
    if (bias != g.dBias()) {
      NativeMemory.release(g.dBias());
    }
    return new CellWeights(g.dKernel(), g.dRecurrent(), bias);
  }

  /** A forward pass over a batch without a mask (or whose mask keeps every step). */
  static final class PlainTape implements Forward {
    final DirectionTape tape;
    final Input input;

    PlainTape(RecurrentCell cell, Input in) {
      this.input = in;
      INDArray x = contiguous(in.xs());
      List<INDArray> init = new ArrayList<>();
      for (INDArray s : in.initialStates()) {
        init.add(contiguous(s));
      }
      this.tape = new DirectionTape(cell, x, x != in.xs(), init, in.weights());
    }

    Gradients backward(INDArray dEmitted, List<INDArray> dFinalStates) {
      long t = input.xs().size(0);
      long b = input.xs().size(1);
      int u = tape.cell.units();
      INDArray dDst = dEmitted == null ? Nd4j.zeros(DataType.FLOAT, t, b, u) : contiguous(dEmitted);
      List<INDArray> dLast = new ArrayList<>();
      for (int k = 0; k < tape.kind.states; k++) {
        INDArray g = dFinalStates == null ? null : dFinalStates.get(k);
        dLast.add(g == null ? Nd4j.zeros(DataType.FLOAT, b, u) : contiguous(g));
      }
      DirectionTape.Gradients g = tape.backward(dDst, dLast);
      if (dDst != dEmitted) {
        NativeMemory.release(dDst);
      }
      for (int k = 0; k < dLast.size(); k++) {
        if (dFinalStates == null || dLast.get(k) != dFinalStates.get(k)) {
          NativeMemory.release(dLast.get(k));
        }
      }
      return new Gradients(g.dx(), kerasGradients(tape.kind, u, input.weights(), g), g.dInit());
    }

    @Override
    public void release() {
      tape.release();
    }

    @Override
    public INDArray emitted() {
      return tape.dst;
    }

    @Override
    public List<INDArray> finalStates() {
      return tape.last;
    }
  }

  /**
   * {@code data} (Keras layout {@code user}) in the layout {@code wanted}, reordered into a new
   * buffer only when the two differ.
   */
  static memory weights(
      stream s, RnnPrimitives.Built built, memory.desc user, memory.desc wanted, INDArray data) {
    memory src = wrap(user, data);
    if (wanted.equals(user)) {
      return src;
    }
    memory dst = new memory(wanted, OneDnnRuntime.engine());
    built.reorder(user, wanted).execute(s, src, dst);
    return dst;
  }

  /**
   * This thread's scratchpad buffer for {@code built}, grown as needed, or {@code null} when it
   * needs none. Call it before opening a {@code PointerScope}: ND4J arrays made inside one would
   * have their native parts freed when it closes.
   */
  static INDArray scratch(RnnPrimitives.Built built) {
    long size = built.scratchpad.get_size();
    if (size == 0) {
      return null;
    }
    INDArray[] holder = SCRATCH.get();
    if (holder[0] == null || holder[0].length() < size) {
      // One buffer per thread, grown as needed (allocated rarely, so ND4J's slow fill is fine).
      holder[0] = Nd4j.createUninitialized(DataType.BYTE, size);
    }
    return holder[0];
  }

  static void scratchpad(IntMemoryMap args, RnnPrimitives.Built built, INDArray scratch) {
    if (scratch != null) {
      args.put(DNNL_ARG_SCRATCHPAD, wrap(built.scratchpad, scratch));
    }
  }

  /** A oneDNN memory over an ND4J buffer (no copy); the array must outlive the call. */
  static memory wrap(memory.desc desc, INDArray a) {
    return new memory(desc, OneDnnRuntime.engine(), a.data().addressPointer());
  }

  /**
   * {@code a} as float32 that {@link #wrap} reads in place: a row-major array or a row-major view
   * whose buffer starts at the view (a weight of a model's flat parameter vector), else a dense
   * copy. Only for arrays that reach oneDNN through {@link #wrap}; code that indexes the buffer
   * from its first element uses {@link #contiguous}.
   */
  static INDArray inPlace(INDArray a) {
    INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    return readsInPlace(f) ? f : f.dup('c');
  }

  /**
   * Whether oneDNN can read {@code a} through its buffer's address: row-major, and its buffer
   * starts at its first element (in ND4J 1.0.0-M2.1 a view's buffer starts at the view).
   */
  static boolean readsInPlace(INDArray a) {
    boolean startsAtView = a.offset() == 0 || a.data().offset() == a.offset();
    return HeapFloats.rowMajor(a) && startsAtView && a.data().length() >= a.length();
  }

  /** {@code a} as a dense c-order float array starting at its buffer's first element. */
  static INDArray contiguous(INDArray a) {
    INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    return Tensors.isDense(f) ? f : f.dup('c');
  }
}
