package org.birnn.layers.internal.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.birnn.layers.cells.CellWeights;
import org.birnn.layers.cells.RecurrentCell;
import org.birnn.layers.internal.RecurrentLoop;
import org.birnn.layers.internal.SequenceKernel;
import org.birnn.layers.internal.Tensors;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.PointerScope;
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

  private static final int CACHE_SIZE = 64;
  private static final Map<RnnPrimitives.Key, RnnPrimitives> CACHE =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RnnPrimitives.Key, RnnPrimitives> e) {
          return size() > CACHE_SIZE;
        }
      };
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
    Tape tape = new Tape(cell, in, ragged != null && ragged.dense() ? null : ragged);
    tape.run(in.training());
    return tape;
  }

  @Override
  public Gradients backward(Forward forward, INDArray dEmitted, List<INDArray> dFinalStates) {
    if (!(forward instanceof Tape tape)) {
      return RecurrentLoop.INSTANCE.backward(forward, dEmitted, dFinalStates);
    }
    if (tape.workspace == null) {
      tape.run(true); // the forward ran for inference; redo it keeping the workspace
    }
    return tape.backward(dEmitted, dFinalStates);
  }

  static RnnPrimitives primitives(RnnPrimitives.Key key) {
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(key, RnnPrimitives::new);
    }
  }

  /** A forward pass and what its backward needs, all in oneDNN's (= Keras's) layouts. */
  private static final class Tape implements Forward {
    final RecurrentCell cell;
    final Input input;
    final RnnKind kind;
    final RaggedBatch ragged;
    final RnnPrimitives prims;
    final INDArray x;
    final INDArray bias;
    final List<INDArray> init = new ArrayList<>();
    INDArray dst;
    List<INDArray> last;
    memory workspace;
    RnnPrimitives.Built workspaceOwner;
    INDArray emitted;
    List<INDArray> finalStates;

    Tape(RecurrentCell cell, Input in, RaggedBatch ragged) {
      this.cell = cell;
      this.input = in;
      this.kind = RnnKind.of(cell);
      this.ragged = ragged;
      INDArray xs = ragged == null ? in.xs() : ragged.pack(in.xs());
      this.x = contiguous(xs);
      dnnl.algorithm act = RnnKind.activation(cell);
      this.prims =
          primitives(
              new RnnPrimitives.Key(
                  kind, act, x.size(0), x.size(1), x.size(2), (long) cell.units()));
      this.bias = BiasLayout.toOneDnn(kind, in.weights().bias(), cell.units());
      for (INDArray s : in.initialStates()) {
        init.add(contiguous(s));
      }
    }

    void run(boolean training) {
      RnnPrimitives.Built built = training ? prims.training() : prims.inference();
      long t = x.size(0);
      long b = x.size(1);
      int u = cell.units();
      dst = Nd4j.createUninitialized(DataType.FLOAT, t, b, u);
      last = new ArrayList<>();
      for (int k = 0; k < kind.states; k++) {
        last.add(Nd4j.createUninitialized(DataType.FLOAT, b, u));
      }
      releaseWorkspace();
      workspaceOwner = training ? built : null;
      workspace = training ? built.takeWorkspace() : null;
      stream s = OneDnnRuntime.stream();
      try (PointerScope scope = new PointerScope()) {
        IntMemoryMap args = forwardArgs(s, built);
        if (workspace != null) {
          args.put(DNNL_ARG_WORKSPACE, workspace);
        }
        scratchpad(args, built);
        built.primitive.execute(s, args);
        s._wait();
      }
      if (ragged == null) {
        emitted = dst;
        finalStates = last;
      } else {
        emitted = ragged.unpackOutputs(dst, input.zeroOutputForMask());
        finalStates = ragged.finalStates(dst, kind.states, input.initialStates());
      }
    }

    Gradients backward(INDArray dEmitted, List<INDArray> dFinalStates) {
      RnnPrimitives.Built built = prims.backward();
      long t = x.size(0);
      long b = x.size(1);
      int u = cell.units();
      INDArray dDst;
      List<INDArray> dLast = new ArrayList<>();
      if (ragged == null) {
        dDst = dEmitted == null ? Nd4j.zeros(DataType.FLOAT, t, b, u) : contiguous(dEmitted);
        for (int k = 0; k < kind.states; k++) {
          INDArray g = dFinalStates == null ? null : dFinalStates.get(k);
          dLast.add(g == null ? Nd4j.zeros(DataType.FLOAT, b, u) : contiguous(g));
        }
      } else {
        if (dFinalStates != null && dFinalStates.size() > 1 && dFinalStates.get(1) != null) {
          throw new IllegalStateException(
              "the final cell state of a ragged batch was not computed (needFinalStates=false)");
        }
        dDst = ragged.packOutputGradients(dEmitted, dFinalStates, input.zeroOutputForMask(), u);
        for (int k = 0; k < kind.states; k++) {
          dLast.add(Nd4j.zeros(DataType.FLOAT, b, u));
        }
      }
      INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, t, b, x.size(2));
      List<INDArray> dInit = new ArrayList<>();
      for (int k = 0; k < kind.states; k++) {
        dInit.add(Nd4j.createUninitialized(DataType.FLOAT, b, u));
      }
      // oneDNN accumulates into the weight gradients, so they start at zero.
      INDArray dKernel = Nd4j.zeros(DataType.FLOAT, x.size(2), (long) kind.gates * u);
      INDArray dRecurrent = Nd4j.zeros(DataType.FLOAT, u, (long) kind.gates * u);
      INDArray dBias = Nd4j.zeros(DataType.FLOAT, (long) kind.biasGates * u);
      stream s = OneDnnRuntime.stream();
      try (PointerScope scope = new PointerScope()) {
        IntMemoryMap args = forwardArgs(s, built);
        args.put(DNNL_ARG_DIFF_DST_LAYER, wrap(prims.dst, dDst));
        args.put(DNNL_ARG_DIFF_DST_ITER, wrap(prims.state, dLast.get(0)));
        args.put(DNNL_ARG_DIFF_SRC_LAYER, wrap(prims.src, dx));
        args.put(DNNL_ARG_DIFF_SRC_ITER, wrap(prims.state, dInit.get(0)));
        if (kind.states == 2) {
          args.put(DNNL_ARG_DIFF_DST_ITER_C, wrap(prims.state, dLast.get(1)));
          args.put(DNNL_ARG_DIFF_SRC_ITER_C, wrap(prims.state, dInit.get(1)));
        }
        args.put(DNNL_ARG_WORKSPACE, workspace);
        args.put(DNNL_ARG_DIFF_BIAS, wrap(prims.bias, dBias));
        // Zeroed gradients in the layout the primitive writes (a reorder only if it differs).
        memory dwl = weights(s, prims.weightsLayer, built.diffWeightsLayer, dKernel);
        memory dwi = weights(s, prims.weightsIter, built.diffWeightsIter, dRecurrent);
        args.put(DNNL_ARG_DIFF_WEIGHTS_LAYER, dwl);
        args.put(DNNL_ARG_DIFF_WEIGHTS_ITER, dwi);
        scratchpad(args, built);
        built.primitive.execute(s, args);
        copyBack(s, dwl, prims.weightsLayer, dKernel);
        copyBack(s, dwi, prims.weightsIter, dRecurrent);
        s._wait();
      }
      releaseWorkspace(); // a second backward of the same forward recomputes it
      if (dDst != dEmitted) {
        Tensors.release(dDst);
      }
      for (int k = 0; k < dLast.size(); k++) {
        if (dFinalStates == null || dLast.get(k) != dFinalStates.get(k)) {
          Tensors.release(dLast.get(k));
        }
      }
      INDArray dxs = dx;
      if (ragged != null) {
        dxs = ragged.unpack(dx);
        Tensors.release(dx);
        ragged.addEmptyRuns(dInit.get(0), dFinalStates);
      }
      CellWeights w = input.weights();
      CellWeights grads =
          new CellWeights(
              dKernel, dRecurrent, w.bias() == null ? null : BiasLayout.toKeras(kind, dBias, u));
      if (grads.bias() != dBias) {
        Tensors.release(dBias);
      }
      return new Gradients(dxs, grads, dInit);
    }

    @Override
    public void release() {
      releaseWorkspace();
      if (x != input.xs()) {
        Tensors.release(x); // a packed or dense copy made here
      }
      if (emitted != dst) {
        Tensors.release(emitted);
      }
      Tensors.release(dst);
    }

    /** Returns the workspace to its pool now rather than when the collector finds it. */
    void releaseWorkspace() {
      if (workspace != null) {
        workspaceOwner.giveBack(workspace);
        workspace = null;
      }
    }

    /** The arguments a forward pass and its backward share: inputs, weights, outputs, states. */
    private IntMemoryMap forwardArgs(stream s, RnnPrimitives.Built built) {
      IntMemoryMap args = new IntMemoryMap();
      args.put(DNNL_ARG_SRC_LAYER, wrap(prims.src, x));
      args.put(DNNL_ARG_SRC_ITER, wrap(prims.state, init.get(0)));
      args.put(
          DNNL_ARG_WEIGHTS_LAYER, weights(s, prims.weightsLayer, built.weightsLayer, kernel()));
      args.put(
          DNNL_ARG_WEIGHTS_ITER, weights(s, prims.weightsIter, built.weightsIter, recurrent()));
      args.put(DNNL_ARG_BIAS, wrap(prims.bias, bias));
      args.put(DNNL_ARG_DST_LAYER, wrap(prims.dst, dst));
      args.put(DNNL_ARG_DST_ITER, wrap(prims.state, last.get(0)));
      if (kind.states == 2) {
        args.put(DNNL_ARG_SRC_ITER_C, wrap(prims.state, init.get(1)));
        args.put(DNNL_ARG_DST_ITER_C, wrap(prims.state, last.get(1)));
      }
      return args;
    }

    private INDArray kernel() {
      return contiguous(input.weights().kernel());
    }

    private INDArray recurrent() {
      return contiguous(input.weights().recurrentKernel());
    }

    @Override
    public INDArray emitted() {
      return emitted;
    }

    @Override
    public List<INDArray> finalStates() {
      return finalStates;
    }
  }

  /**
   * {@code data} (Keras layout {@code user}) in the layout {@code wanted}, reordered into a new
   * buffer only when the two differ.
   */
  static memory weights(stream s, memory.desc user, memory.desc wanted, INDArray data) {
    memory src = wrap(user, data);
    if (wanted.equals(user)) {
      return src;
    }
    memory dst = new memory(wanted, OneDnnRuntime.engine());
    new reorder(src, dst).execute(s, src, dst);
    return dst;
  }

  private static void copyBack(stream s, memory written, memory.desc user, INDArray data) {
    if (!written.get_desc().equals(user)) {
      memory dst = wrap(user, data);
      new reorder(written, dst).execute(s, written, dst);
    }
  }

  static void scratchpad(IntMemoryMap args, RnnPrimitives.Built built) {
    long size = built.scratchpad.get_size();
    if (size == 0) {
      return;
    }
    INDArray[] holder = SCRATCH.get();
    if (holder[0] == null || holder[0].length() < size) {
      // One buffer per thread, grown as needed (allocated rarely, so ND4J's slow fill is fine).
      holder[0] = Nd4j.createUninitialized(DataType.BYTE, size);
    }
    args.put(DNNL_ARG_SCRATCHPAD, wrap(built.scratchpad, holder[0]));
  }

  /** A oneDNN memory over an ND4J buffer (no copy); the array must outlive the call. */
  static memory wrap(memory.desc desc, INDArray a) {
    return new memory(desc, OneDnnRuntime.engine(), a.data().addressPointer());
  }

  /** {@code a} as a dense c-order float array starting at its buffer's first element. */
  static INDArray contiguous(INDArray a) {
    INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    return Tensors.isDense(f) ? f : f.dup('c');
  }
}
