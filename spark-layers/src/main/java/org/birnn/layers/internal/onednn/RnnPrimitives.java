package org.birnn.layers.internal.onednn;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.gru_backward;
import org.bytedeco.dnnl.gru_forward;
import org.bytedeco.dnnl.lbr_gru_backward;
import org.bytedeco.dnnl.lbr_gru_forward;
import org.bytedeco.dnnl.lstm_backward;
import org.bytedeco.dnnl.lstm_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.rnn_primitive_desc_base;
import org.bytedeco.dnnl.vanilla_rnn_backward;
import org.bytedeco.dnnl.vanilla_rnn_forward;

/**
 * The oneDNN primitives for one sequence shape: inference, training forward and backward, built
 * once and reused (they are immutable and may run on several threads at once; each call brings its
 * own scratchpad).
 *
 * <p>User-side layouts are Keras's, so no data is copied on the way in: inputs {@code tnc = [T,
 * batch, features]}, states {@code ldnc = [1, 1, batch, units]}, kernels {@code ldigo = [1, 1, in,
 * gates, units]} (the Keras {@code [in, gates*units]} matrix), bias {@code ldgo}. Where the
 * primitive prefers another weight layout ({@code format_tag::any}), the kernel reorders.
 */
final class RnnPrimitives {
  /** What identifies a set of primitives. */
  record Key(
      RnnKind kind,
      dnnl.algorithm activation,
      long t,
      long batch,
      long in,
      long units,
      long outWidth,
      boolean rightToLeft) {
    /** Time-major dense inputs and outputs, left to right. */
    Key(RnnKind kind, dnnl.algorithm activation, long t, long batch, long in, long units) {
      this(kind, activation, t, batch, in, units, 0, false);
    }

    /**
     * The fused layout for {@code cell}: input {@code x [batch, time, in]} read in place, outputs
     * into columns of {@code out [batch, time, width]}.
     */
    static Key fused(
        org.birnn.layers.rnn.cells.RecurrentCell cell,
        org.nd4j.linalg.api.ndarray.INDArray x,
        org.nd4j.linalg.api.ndarray.INDArray out,
        boolean rightToLeft) {
      return new Key(
          RnnKind.of(cell),
          RnnKind.activation(cell),
          x.size(1),
          x.size(0),
          x.size(2),
          cell.units(),
          out.size(2),
          rightToLeft);
    }
  }

  /**
   * Bytes of idle workspaces kept for reuse across all shapes, at least: system property {@code
   * birnn.onednn.workspacePoolMiB}, default 128 (it is off-heap memory, which a Spark executor's
   * memory overhead must cover). The pool also keeps up to the most ever in use at once ({@link
   * #PEAK_IN_USE}): memory the process held at that moment anyway. Under the budget alone, two
   * Spark tasks training W1-sized directions (four workspaces of 60 MiB in flight) freed two of
   * them at every step and allocated them again at the next, and each fresh 60 MiB was zero-filled
   * by the kernel page by page: 40% of the JVM's CPU time went to the kernel and the rounds ran at
   * about two thirds of their speed.
   */
  static final long POOL_BUDGET = Long.getLong("birnn.onednn.workspacePoolMiB", 128L) << 20;

  /** Bytes of workspaces in the pools now. */
  static final java.util.concurrent.atomic.AtomicLong POOLED_BYTES =
      new java.util.concurrent.atomic.AtomicLong();

  /** Bytes of workspaces taken and not yet given back. */
  static final java.util.concurrent.atomic.AtomicLong IN_USE =
      new java.util.concurrent.atomic.AtomicLong();

  /** The most bytes of workspaces ever in use at once. */
  static final java.util.concurrent.atomic.AtomicLong PEAK_IN_USE =
      new java.util.concurrent.atomic.AtomicLong();

  /** The bytes the pools may hold: the budget, or the most ever in use at once if more. */
  static long poolLimit() {
    return Math.max(POOL_BUDGET, PEAK_IN_USE.get());
  }

  /** Whether {@code built} is this shape's training primitive. */
  boolean trains(Built built) {
    return training == built;
  }

  /** Frees the idle workspaces of this shape's training primitive; returns the bytes freed. */
  long freeIdleWorkspaces() {
    Built t = training;
    return t == null ? 0 : t.freeIdleWorkspaces();
  }

  final Key key;
  final memory.desc src;
  final memory.desc state;
  final memory.desc weightsLayer;
  final memory.desc weightsIter;
  final memory.desc bias;
  final memory.desc dst;

  // Read without a lock (see PrimitiveCache): built once under the lock, then only read.
  /** Each thread's memory objects for {@link #inference} calls (see {@link InferenceArgs}). */
  final ThreadLocal<InferenceArgs> inferenceArgs = new ThreadLocal<>();

  private volatile Built inference;
  private volatile Built training;
  private volatile Built backward;

  /** One primitive with the layouts it chose. */
  static final class Built {
    final primitive primitive;
    final rnn_primitive_desc_base pd;
    final memory.desc weightsLayer;
    final memory.desc weightsIter;
    final memory.desc diffWeightsLayer;
    final memory.desc diffWeightsIter;
    final memory.desc workspace;
    final memory.desc scratchpad;

    /** Workspaces given back after a backward pass, reused to skip allocation and page faults. */
    private final java.util.concurrent.ConcurrentLinkedDeque<memory> freeWorkspaces =
        new java.util.concurrent.ConcurrentLinkedDeque<>();

    /** A workspace for one forward-backward pair (from the pool when one is free). */
    memory takeWorkspace() {
      long size = workspace.get_size();
      PEAK_IN_USE.accumulateAndGet(IN_USE.addAndGet(size), Math::max);
      memory m = freeWorkspaces.pollFirst();
      if (m != null) {
        POOLED_BYTES.addAndGet(-size);
        return m;
      }
      return new memory(workspace, OneDnnRuntime.engine());
    }

    /**
     * Gives a workspace back. It stays pooled while the pools hold at most {@link #poolLimit}
     * bytes, making room first by freeing the idle workspaces of the least recently used other
     * shapes; otherwise it is freed.
     */
    void giveBack(memory m) {
      long size = workspace.get_size();
      IN_USE.addAndGet(-size);
      long limit = poolLimit();
      long over = POOLED_BYTES.get() + size - limit;
      if (over > 0) {
        PrimitiveCache.freeIdleWorkspaces(this, over);
      }
      if (POOLED_BYTES.addAndGet(size) <= limit) {
        freeWorkspaces.addFirst(m);
      } else {
        POOLED_BYTES.addAndGet(-size);
        m.close();
      }
    }

    /** Frees this primitive's idle workspaces; returns the bytes freed. */
    long freeIdleWorkspaces() {
      long size = workspace.get_size();
      long freed = 0;
      for (memory m = freeWorkspaces.pollFirst(); m != null; m = freeWorkspaces.pollFirst()) {
        POOLED_BYTES.addAndGet(-size);
        m.close();
        freed += size;
      }
      return freed;
    }

    /**
     * Reorders between the Keras layouts and this primitive's, made once per pair of layouts and
     * shared by every call (a primitive executes on any thread): creating one cost more than
     * running it on a classifier's kernels.
     */
    private volatile Object[][] reorders = new Object[0][];

    /** The reorder from layout {@code from} to layout {@code to} (lock-free once made). */
    org.bytedeco.dnnl.reorder reorder(memory.desc from, memory.desc to) {
      for (Object[] r : reorders) {
        if (r[0] == from && r[1] == to) {
          return (org.bytedeco.dnnl.reorder) r[2];
        }
      }
      return newReorder(from, to);
    }

    private synchronized org.bytedeco.dnnl.reorder newReorder(memory.desc from, memory.desc to) {
      for (Object[] r : reorders) {
        if (r[0] == from && r[1] == to) {
          return (org.bytedeco.dnnl.reorder) r[2];
        }
      }
      org.bytedeco.dnnl.engine e = OneDnnRuntime.engine();
      org.bytedeco.dnnl.reorder r =
          new org.bytedeco.dnnl.reorder(
              new org.bytedeco.dnnl.reorder.primitive_desc(e, from, e, to));
      // Made inside a call's PointerScope: kept past the scope's end, for as long as this is.
      r.retainReference();
      Object[][] more = java.util.Arrays.copyOf(reorders, reorders.length + 1);
      more[reorders.length] = new Object[] {from, to, r};
      reorders = more;
      return r;
    }

    Built(rnn_primitive_desc_base pd, boolean backward) {
      this.pd = pd;
      this.primitive = new primitive(pd);
      this.weightsLayer = pd.weights_layer_desc();
      this.weightsIter = pd.weights_iter_desc();
      this.diffWeightsLayer = backward ? pd.diff_weights_layer_desc() : null;
      this.diffWeightsIter = backward ? pd.diff_weights_iter_desc() : null;
      this.workspace = pd.workspace_desc();
      this.scratchpad = pd.scratchpad_desc();
    }
  }

  RnnPrimitives(Key key) {
    this.key = key;
    memory.data_type f32 = memory.data_type.f32;
    int g = key.kind().gates;
    long t = key.t();
    long w = key.outWidth();
    if (w > 0) {
      // Fused layout: inputs read straight from [batch, time, in], outputs written into their
      // columns of a [batch, time, outWidth] array (input gradients and output gradients alike).
      src =
          new memory.desc(
              new long[] {t, key.batch(), key.in()}, f32, new long[] {key.in(), t * key.in(), 1});
      dst =
          new memory.desc(new long[] {t, key.batch(), key.units()}, f32, new long[] {w, t * w, 1});
    } else {
      src = new memory.desc(new long[] {t, key.batch(), key.in()}, f32, memory.format_tag.tnc);
      dst = new memory.desc(new long[] {t, key.batch(), key.units()}, f32, memory.format_tag.tnc);
    }
    state =
        new memory.desc(new long[] {1, 1, key.batch(), key.units()}, f32, memory.format_tag.ldnc);
    weightsLayer =
        new memory.desc(new long[] {1, 1, key.in(), g, key.units()}, f32, memory.format_tag.ldigo);
    weightsIter =
        new memory.desc(
            new long[] {1, 1, key.units(), g, key.units()}, f32, memory.format_tag.ldigo);
    bias =
        new memory.desc(
            new long[] {1, 1, key.kind().biasGates, key.units()}, f32, memory.format_tag.ldgo);
  }

  Built inference() {
    Built b = inference;
    return b != null ? b : buildInference();
  }

  Built training() {
    Built b = training;
    return b != null ? b : buildTraining();
  }

  Built backward() {
    Built b = backward;
    return b != null ? b : buildBackward();
  }

  private synchronized Built buildInference() {
    if (inference == null) {
      inference = new Built(forwardPd(dnnl.prop_kind.forward_inference), false);
    }
    return inference;
  }

  private synchronized Built buildTraining() {
    if (training == null) {
      training = new Built(forwardPd(dnnl.prop_kind.forward_training), false);
    }
    return training;
  }

  private synchronized Built buildBackward() {
    if (backward == null) {
      backward = new Built(backwardPd(training().pd), true);
    }
    return backward;
  }

  private static primitive_attr attr() {
    primitive_attr attr = new primitive_attr();
    attr.set_scratchpad_mode(dnnl.scratchpad_mode.user);
    return attr;
  }

  private static memory.desc any(long... dims) {
    return new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
  }

  private memory.desc anyWeightsLayer() {
    return any(1, 1, key.in(), key.kind().gates, key.units());
  }

  private memory.desc anyWeightsIter() {
    return any(1, 1, key.units(), key.kind().gates, key.units());
  }

  private rnn_primitive_desc_base forwardPd(dnnl.prop_kind prop) {
    dnnl.rnn_direction dir =
        key.rightToLeft()
            ? dnnl.rnn_direction.unidirectional_right2left
            : dnnl.rnn_direction.unidirectional_left2right;
    memory.desc wl = anyWeightsLayer();
    memory.desc wi = anyWeightsIter();
    var engine = OneDnnRuntime.engine();
    return switch (key.kind()) {
      case LSTM ->
          new lstm_forward.primitive_desc(
              new lstm_forward.desc(prop, dir, src, state, state, wl, wi, bias, dst, state, state),
              attr(),
              engine);
      case GRU ->
          new gru_forward.primitive_desc(
              new gru_forward.desc(prop, dir, src, state, wl, wi, bias, dst, state),
              attr(),
              engine);
      case LBR_GRU ->
          new lbr_gru_forward.primitive_desc(
              new lbr_gru_forward.desc(prop, dir, src, state, wl, wi, bias, dst, state),
              attr(),
              engine);
      case VANILLA ->
          new vanilla_rnn_forward.primitive_desc(
              new vanilla_rnn_forward.desc(
                  prop, key.activation(), dir, src, state, wl, wi, bias, dst, state),
              attr(),
              engine);
    };
  }

  private rnn_primitive_desc_base backwardPd(rnn_primitive_desc_base hint) {
    dnnl.prop_kind prop = dnnl.prop_kind.backward;
    dnnl.rnn_direction dir =
        key.rightToLeft()
            ? dnnl.rnn_direction.unidirectional_right2left
            : dnnl.rnn_direction.unidirectional_left2right;
    memory.desc wl = anyWeightsLayer();
    memory.desc wi = anyWeightsIter();
    memory.desc dwl = anyWeightsLayer();
    memory.desc dwi = anyWeightsIter();
    var engine = OneDnnRuntime.engine();
    return switch (key.kind()) {
      case LSTM ->
          new lstm_backward.primitive_desc(
              new lstm_backward.desc(
                  prop, dir, src, state, state, wl, wi, bias, dst, state, state, src, state, state,
                  dwl, dwi, bias, dst, state, state),
              attr(),
              engine,
              new lstm_forward.primitive_desc(hint));
      case GRU ->
          new gru_backward.primitive_desc(
              new gru_backward.desc(
                  prop, dir, src, state, wl, wi, bias, dst, state, src, state, dwl, dwi, bias, dst,
                  state),
              attr(),
              engine,
              new gru_forward.primitive_desc(hint));
      case LBR_GRU ->
          new lbr_gru_backward.primitive_desc(
              new lbr_gru_backward.desc(
                  prop, dir, src, state, wl, wi, bias, dst, state, src, state, dwl, dwi, bias, dst,
                  state),
              attr(),
              engine,
              new lbr_gru_forward.primitive_desc(hint));
      case VANILLA ->
          new vanilla_rnn_backward.primitive_desc(
              new vanilla_rnn_backward.desc(
                  prop,
                  key.activation(),
                  dir,
                  src,
                  state,
                  wl,
                  wi,
                  bias,
                  dst,
                  state,
                  src,
                  state,
                  dwl,
                  dwi,
                  bias,
                  dst,
                  state),
              attr(),
              engine,
              new vanilla_rnn_forward.primitive_desc(hint));
    };
  }
}
