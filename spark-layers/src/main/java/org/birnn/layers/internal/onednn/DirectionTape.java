package org.birnn.layers.internal.onednn;

import static org.birnn.layers.internal.onednn.OneDnnKernel.scratchpad;
import static org.birnn.layers.internal.onednn.OneDnnKernel.weights;
import static org.birnn.layers.internal.onednn.OneDnnKernel.wrap;
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
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.internal.KernelTeam;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.utils.NativeMemory;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One oneDNN forward pass of one direction over a dense time-major batch, and what its backward
 * needs. All arrays are in oneDNN's layouts, which are Keras's: inputs {@code [T, batch,
 * features]}, outputs {@code [T, batch, units]}, states {@code [batch, units]}.
 */
final class DirectionTape {
  /** The gradients of one backward pass; the bias gradient is in oneDNN's block layout. */
  record Gradients(
      INDArray dx, INDArray dKernel, INDArray dRecurrent, INDArray dBias, List<INDArray> dInit) {}

  final RecurrentCell cell;
  final RnnKind kind;
  final RnnPrimitives prims;
  private final INDArray x;
  private final boolean ownsX;
  private final INDArray bias;
  private final List<INDArray> init;
  private final CellWeights weights;

  /**
   * The kernels as dense arrays, made by {@link #denseWeights} outside any PointerScope (see
   * OneDnnKernel.scratch) before each pass: copies when the weights are views (a compiled model's
   * weights are views of its flat parameters), freed by {@link #release} rather than left to the
   * garbage collector.
   */
  INDArray kernel;

  INDArray recurrent;

  /** Where the outputs go in the fused layout ({@code null}: a time-major array of their own). */
  private final INDArray out;

  private final long column;
  INDArray dst;
  List<INDArray> last;
  private memory workspace;
  private RnnPrimitives.Built workspaceOwner;

  /** The caller's arrays for the outputs and final states ({@link #into}), or {@code null}. */
  private INDArray givenDst;

  private List<INDArray> givenLast;

  /** Kernels reordered once for several inference calls, or {@code null}: each call reorders. */
  private ReorderedWeights shared;

  /**
   * @param x {@code [T, batch, features]}, dense float32
   * @param ownsX whether {@code x} was made for this tape (and is freed with it)
   * @param init the initial states {@code [batch, units]}, dense float32
   */
  DirectionTape(
      RecurrentCell cell, INDArray x, boolean ownsX, List<INDArray> init, CellWeights weights) {
    this(
        cell,
        x,
        ownsX,
        init,
        weights,
        new RnnPrimitives.Key(
            RnnKind.of(cell),
            RnnKind.activation(cell),
            x.size(0),
            x.size(1),
            x.size(2),
            (long) cell.units()),
        null,
        0);
  }

  private DirectionTape(
      RecurrentCell cell,
      INDArray x,
      boolean ownsX,
      List<INDArray> init,
      CellWeights weights,
      RnnPrimitives.Key key,
      INDArray out,
      long column) {
    this.cell = cell;
    this.kind = RnnKind.of(cell);
    this.x = x;
    this.ownsX = ownsX;
    this.init = init;
    this.weights = weights;
    this.out = out;
    this.column = column;
    this.prims = OneDnnKernel.primitives(key);
    this.bias = BiasLayout.toOneDnn(kind, weights.bias(), cell.units());
  }

  /**
   * A direction in the fused layout: it reads {@code x [batch, time, features]} in place (right to
   * left for the backward direction), starts from zero states and writes its outputs into columns
   * {@code [column, column + units)} of {@code out [batch, time, width]}; its backward pass reads
   * the output gradients from the same columns and returns input gradients {@code [batch, time,
   * features]}.
   */
  static DirectionTape fused(
      RecurrentCell cell,
      CellWeights weights,
      INDArray x,
      INDArray out,
      long column,
      boolean rightToLeft) {
    List<INDArray> zeros = zeroStates(cell, x.size(0));
    RnnPrimitives.Key key = RnnPrimitives.Key.fused(cell, x, out, rightToLeft);
    return new DirectionTape(cell, x, false, zeros, weights, key, out, column);
  }

  /** Zero initial states {@code [batch, units]}, one per state of {@code cell}. */
  static List<INDArray> zeroStates(RecurrentCell cell, long batch) {
    List<INDArray> zeros = new ArrayList<>();
    for (int k = 0; k < cell.stateCount(); k++) {
      zeros.add(Nd4j.zeros(DataType.FLOAT, batch, cell.units()));
    }
    return zeros;
  }

  /**
   * Writes the outputs {@code [T, batch, units]} and final states into the caller's arrays (which
   * it owns: {@link #release} leaves them) instead of arrays of the tape's own.
   */
  DirectionTape into(INDArray dst, List<INDArray> last) {
    this.givenDst = dst;
    this.givenLast = last;
    return this;
  }

  /** Runs inference with {@code reordered}'s kernels (owned by the caller) instead of its own. */
  DirectionTape sharing(ReorderedWeights reordered) {
    this.shared = reordered;
    return this;
  }

  /** Whether the last forward kept the workspace a backward pass needs. */
  boolean hasWorkspace() {
    return workspace != null;
  }

  void run(boolean training) {
    RnnPrimitives.Built built = training ? prims.training() : prims.inference();
    long t = prims.key.t();
    long b = prims.key.batch();
    int u = cell.units();
    dst =
        out != null
            ? out
            : givenDst != null ? givenDst : Nd4j.createUninitialized(DataType.FLOAT, t, b, u);
    if (givenLast != null) {
      last = givenLast;
    } else {
      last = new ArrayList<>();
      for (int k = 0; k < kind.states; k++) {
        last.add(Nd4j.createUninitialized(DataType.FLOAT, b, u));
      }
    }
    releaseWorkspace();
    workspaceOwner = training ? built : null;
    workspace = training ? built.takeWorkspace() : null;
    stream s = OneDnnRuntime.stream();
    INDArray scratch = OneDnnKernel.scratch(built);
    // Outside the scope, like the scratchpad: see OneDnnKernel.scratch.
    ReorderedWeights reordered = training ? null : shared;
    if (reordered != null) {
      reordered.prepare(s, prims, built);
    } else {
      denseWeights();
    }
    try (PointerScope scope = new PointerScope()) {
      IntMemoryMap args;
      if (training) {
        args = forwardArgs(s, built, reordered);
        if (workspace != null) {
          args.put(DNNL_ARG_WORKSPACE, workspace);
        }
        scratchpad(args, built, scratch);
      } else {
        args =
            InferenceArgs.of(prims)
                .point(s, prims, built, x, init, bias, dst, column, last, scratch);
        putWeights(args, s, built, reordered);
      }
      KernelTeam.kernel(() -> built.primitive.execute(s, args));
      s._wait();
    }
  }

  /**
   * The backward pass of the last training forward.
   *
   * @param dDst {@code [T, batch, units]}
   * @param dLast one {@code [batch, units]} per state
   */
  Gradients backward(INDArray dDst, List<INDArray> dLast) {
    RnnPrimitives.Built built = prims.backward();
    long b = prims.key.batch();
    int u = cell.units();
    INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
    List<INDArray> dInit = new ArrayList<>();
    for (int k = 0; k < kind.states; k++) {
      dInit.add(Nd4j.createUninitialized(DataType.FLOAT, b, u));
    }
    // oneDNN accumulates into the weight gradients, so they start at zero.
    INDArray dKernel = Nd4j.zeros(DataType.FLOAT, prims.key.in(), (long) kind.gates * u);
    INDArray dRecurrent = Nd4j.zeros(DataType.FLOAT, u, (long) kind.gates * u);
    INDArray dBias = Nd4j.zeros(DataType.FLOAT, (long) kind.biasGates * u);
    stream s = OneDnnRuntime.stream();
    INDArray scratch = OneDnnKernel.scratch(built);
    denseWeights(); // outside the scope, like the scratchpad: see OneDnnKernel.scratch
    try (PointerScope scope = new PointerScope()) {
      IntMemoryMap args = forwardArgs(s, built, null);
      args.put(DNNL_ARG_DIFF_DST_LAYER, at(prims.dst, dDst));
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
      memory dwl = weights(s, built, prims.weightsLayer, built.diffWeightsLayer, dKernel);
      memory dwi = weights(s, built, prims.weightsIter, built.diffWeightsIter, dRecurrent);
      args.put(DNNL_ARG_DIFF_WEIGHTS_LAYER, dwl);
      args.put(DNNL_ARG_DIFF_WEIGHTS_ITER, dwi);
      scratchpad(args, built, scratch);
      KernelTeam.kernel(() -> built.primitive.execute(s, args));
      copyBack(s, built, dwl, built.diffWeightsLayer, prims.weightsLayer, dKernel);
      copyBack(s, built, dwi, built.diffWeightsIter, prims.weightsIter, dRecurrent);
      s._wait();
    }
    releaseWorkspace(); // a second backward of the same forward recomputes it
    releaseWeightCopies(); // and copies the weights again if it needs to
    return new Gradients(dx, dKernel, dRecurrent, dBias, dInit);
  }

  /**
   * Frees the workspace, the outputs, the input if this tape made it, and the dense copies of the
   * weights and the oneDNN bias if it made them.
   */
  void release() {
    releaseWorkspace();
    releaseWeightCopies();
    releaseCopy(bias, weights.bias());
    if (ownsX) {
      NativeMemory.release(x);
    }
    if (dst != null && dst != out && dst != givenDst) {
      NativeMemory.release(dst);
    }
    if (out != null) {
      // The zero states made by fused(), and final states no caller of the fused layout reads.
      init.forEach(NativeMemory::release);
      if (last != null) {
        last.forEach(NativeMemory::release);
      }
    }
  }

  /** A sequence array as oneDNN memory, at this direction's columns in the fused layout. */
  private memory at(memory.desc desc, INDArray a) {
    if (column == 0) {
      return wrap(desc, a);
    }
    // A byte position: JavaCPP adds it as bytes for a void* argument.
    BytePointer p = new BytePointer(a.data().addressPointer()).position(column * Float.BYTES);
    return new memory(desc, OneDnnRuntime.engine(), p);
  }

  /**
   * The dense kernels, copied again after {@link #releaseWeightCopies} when the weights are views.
   */
  private void denseWeights() {
    if (kernel == null) {
      kernel = OneDnnKernel.inPlace(weights.kernel());
    }
    if (recurrent == null) {
      recurrent = OneDnnKernel.inPlace(weights.recurrentKernel());
    }
  }

  /**
   * Frees the dense copies of view weights as soon as a pass is done with them: a training step
   * makes them anew at every call, and left to the collector they pile up between collections.
   */
  private void releaseWeightCopies() {
    if (releaseCopy(kernel, weights.kernel())) {
      kernel = null;
    }
    if (releaseCopy(recurrent, weights.recurrentKernel())) {
      recurrent = null;
    }
  }

  /**
   * Frees {@code made} when it is a copy of {@code source}, not the array itself or a view of it.
   */
  static boolean releaseCopy(INDArray made, INDArray source) {
    if (made != null && made != source && (source == null || made.data() != source.data())) {
      NativeMemory.release(made);
      return true;
    }
    return false;
  }

  /** Returns the workspace to its pool now rather than when the collector finds it. */
  private void releaseWorkspace() {
    if (workspace != null) {
      workspaceOwner.giveBack(workspace);
      workspace = null;
    }
  }

  /** The arguments a forward pass and its backward share: inputs, weights, outputs, states. */
  private IntMemoryMap forwardArgs(
      stream s, RnnPrimitives.Built built, ReorderedWeights reordered) {
    IntMemoryMap args = new IntMemoryMap();
    args.put(DNNL_ARG_SRC_LAYER, wrap(prims.src, x));
    args.put(DNNL_ARG_SRC_ITER, wrap(prims.state, init.get(0)));
    putWeights(args, s, built, reordered);
    args.put(DNNL_ARG_BIAS, wrap(prims.bias, bias));
    args.put(DNNL_ARG_DST_LAYER, at(prims.dst, dst));
    args.put(DNNL_ARG_DST_ITER, wrap(prims.state, last.get(0)));
    if (kind.states == 2) {
      args.put(DNNL_ARG_SRC_ITER_C, wrap(prims.state, init.get(1)));
      args.put(DNNL_ARG_DST_ITER_C, wrap(prims.state, last.get(1)));
    }
    return args;
  }

  /** The kernels: {@code reordered}'s, else this tape's, reordered for this call if needed. */
  private void putWeights(
      IntMemoryMap args, stream s, RnnPrimitives.Built built, ReorderedWeights reordered) {
    if (reordered != null) {
      args.put(DNNL_ARG_WEIGHTS_LAYER, reordered.layer());
      args.put(DNNL_ARG_WEIGHTS_ITER, reordered.iter());
    } else {
      args.put(
          DNNL_ARG_WEIGHTS_LAYER,
          weights(s, built, prims.weightsLayer, built.weightsLayer, kernel));
      args.put(
          DNNL_ARG_WEIGHTS_ITER,
          weights(s, built, prims.weightsIter, built.weightsIter, recurrent));
    }
  }

  /** Reorders {@code written} (layout {@code layout}) into {@code data} in layout {@code user}. */
  private static void copyBack(
      stream s,
      RnnPrimitives.Built built,
      memory written,
      memory.desc layout,
      memory.desc user,
      INDArray data) {
    if (!layout.equals(user)) {
      memory dst = wrap(user, data);
      built.reorder(layout, user).execute(s, written, dst);
    }
  }
}
