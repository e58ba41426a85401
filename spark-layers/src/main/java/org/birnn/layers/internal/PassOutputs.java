package org.birnn.layers.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's reused output buffers for its inference passes: one {@link GrowingBuffer} per graph
 * node and thread, into which a layer may write its output ({@link #output}) instead of allocating
 * an array that dies with the pass. Scoring a batch of 32 sequences of up to 60 tokens allocated a
 * {@code [32, 60, 32]} embedding output per batch; each allocation's native buffer was mapped again
 * after the garbage collector had freed the previous ones, and that allocation took a tenth of the
 * batch (JFR, W5 scoring).
 *
 * <p>Only a model's inference pass ({@link Pass}) hands out reused arrays, each node its own (a
 * layer called at two nodes of one graph writes two buffers); a layer called anywhere else, or a
 * second time within one call, gets a new array. A pass's result that shares memory with one of its
 * buffers (a model whose output is such a layer's output, or a view of it) is copied out by {@link
 * Pass#detach}, so nothing a caller receives is overwritten by a later pass. The buffers belong to
 * the model (threads as weak keys), so they are freed with it, and a buffer past {@link
 * #KEPT_FLOATS} is freed at the end of its pass.
 */
public final class PassOutputs {
  /**
   * The largest buffer a node keeps between passes, in floats (16 MiB): a larger output (a long
   * batch of wide steps) is freed when its pass ends.
   */
  public static final long KEPT_FLOATS = 1L << 22;

  /** The buffer the layer now running on this thread may write its output into, if any. */
  private static final ThreadLocal<Slot> CURRENT = new ThreadLocal<>();

  private final Map<Thread, Map<Object, GrowingBuffer>> perThread =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Starts an inference pass on the calling thread. */
  public Pass begin() {
    Map<Object, GrowingBuffer> buffers =
        perThread.computeIfAbsent(Thread.currentThread(), t -> new IdentityHashMap<>());
    return new Pass(buffers);
  }

  /**
   * An uninitialized row-major float32 array of {@code shape} for the calling layer's output: a
   * view into its node's reused buffer when a model's inference pass is running the layer (valid
   * until that node's next inference pass on this thread), otherwise a new array.
   */
  public static INDArray output(long... shape) {
    Slot slot = CURRENT.get();
    if (slot == null || slot.taken) {
      return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    }
    slot.taken = true;
    return slot.buffer.view(shape);
  }

  /** Floats held by the calling thread's buffers of this model (for tests). */
  public long heldFloats() {
    Map<Object, GrowingBuffer> buffers = perThread.get(Thread.currentThread());
    long n = 0;
    if (buffers != null) {
      for (GrowingBuffer b : buffers.values()) {
        n += b.heldFloats();
      }
    }
    return n;
  }

  private static final class Slot {
    final GrowingBuffer buffer;
    boolean taken;

    Slot(GrowingBuffer buffer) {
      this.buffer = buffer;
    }
  }

  /** One inference pass of a model on one thread. */
  public static final class Pass {
    /** This thread's buffers of the model, one per node the pass has called (every node). */
    private final Map<Object, GrowingBuffer> buffers;

    private Pass(Map<Object, GrowingBuffer> buffers) {
      this.buffers = buffers;
    }

    /** Runs {@code layerCall}, node {@code node}'s layer, with that node's buffer on offer. */
    public <T> T call(Object node, Supplier<T> layerCall) {
      GrowingBuffer b = buffers.computeIfAbsent(node, n -> new GrowingBuffer());
      Slot previous = CURRENT.get();
      CURRENT.set(new Slot(b));
      try {
        return layerCall.get();
      } finally {
        if (previous == null) {
          CURRENT.remove();
        } else {
          CURRENT.set(previous);
        }
      }
    }

    /**
     * {@code result}, or a copy of it when it shares memory with one of this pass's buffers: apply
     * to everything the pass returns to its caller.
     */
    public INDArray detach(INDArray result) {
      for (GrowingBuffer b : buffers.values()) {
        if (b.overlaps(result)) {
          return result.dup();
        }
      }
      return result;
    }

    /** Frees the buffers this pass grew past {@link #KEPT_FLOATS}; after {@link #detach}. */
    public void end() {
      for (GrowingBuffer b : buffers.values()) {
        b.trim(KEPT_FLOATS);
      }
    }
  }
}
