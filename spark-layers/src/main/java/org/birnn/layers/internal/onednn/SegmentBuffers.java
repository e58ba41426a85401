package org.birnn.layers.internal.onednn;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.internal.GrowingBuffer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One thread's arrays for the segmented inference pass ({@link FusedBidirectional}): the packed
 * input, the outputs and two sets of states (a segment's final states are the next one's initial
 * states), each a view at the start of a buffer of its own that grows to the largest call the
 * thread has made and is reused by every later call.
 *
 * <p>A direction made four to six ND4J arrays per segment; each allocation (a native buffer and a
 * shape buffer, each registered with JavaCPP's deallocator) cost more than packing the segment. The
 * arrays are valid until the thread's next call; nothing here may be released by a caller.
 */
final class SegmentBuffers {
  static final int PACKED = 0;
  static final int OUTPUT = 1;

  /** States: set {@code s} (0 or 1), state {@code k} (h, then c for an LSTM). */
  private static final int STATES = 2;

  private static final int MAX_STATES = 2;

  /**
   * The largest buffer a thread keeps between calls, in floats (16 MiB): a larger call (a long
   * batch of wide steps) allocates what it needs and frees it when its pass ends ({@link #trim}),
   * so a thread that once scored a large batch does not hold its memory for good.
   */
  static final long KEPT_FLOATS = 1L << 22;

  private static final ThreadLocal<SegmentBuffers> PER_THREAD =
      ThreadLocal.withInitial(SegmentBuffers::new);

  private final GrowingBuffer[] buffers = new GrowingBuffer[STATES + 2 * MAX_STATES];

  private SegmentBuffers() {
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = new GrowingBuffer();
    }
  }

  /** This thread's buffers. */
  static SegmentBuffers get() {
    return PER_THREAD.get();
  }

  /** A {@code shape} array over buffer {@code role}, its contents left as they are. */
  INDArray array(int role, long... shape) {
    return buffers[role].view(shape);
  }

  /** Frees the buffers larger than {@link #KEPT_FLOATS}; call when a pass is done with them. */
  void trim() {
    for (GrowingBuffer b : buffers) {
      b.trim(KEPT_FLOATS);
    }
  }

  /** Floats held by this thread's buffers (for tests). */
  long heldFloats() {
    long n = 0;
    for (GrowingBuffer b : buffers) {
      n += b.heldFloats();
    }
    return n;
  }

  /** A zero {@code shape} array over buffer {@code role}. */
  INDArray zeros(int role, long... shape) {
    INDArray a = array(role, shape);
    Pointer.memset(a.data().addressPointer(), 0, a.length() * Float.BYTES);
    return a;
  }

  /**
   * States {@code [rows, units]} of set {@code set} (0 or 1), {@code count} of them (at most 2),
   * zeroed when {@code zero}.
   */
  List<INDArray> states(int set, int count, long rows, long units, boolean zero) {
    List<INDArray> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int role = STATES + set * MAX_STATES + k;
      out.add(zero ? zeros(role, rows, units) : array(role, rows, units));
    }
    return out;
  }
}
