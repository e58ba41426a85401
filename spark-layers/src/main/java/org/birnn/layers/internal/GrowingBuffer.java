package org.birnn.layers.internal;

import java.util.Arrays;
import org.birnn.layers.utils.NativeMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A native float32 buffer that grows to the largest array asked of it and hands out row-major
 * arrays over its start, for arrays that a hot loop would otherwise allocate once per call: each
 * ND4J allocation costs a native buffer and a shape buffer, both registered with JavaCPP's
 * deallocator, and memory freed only when the garbage collector finds it is mapped again (page
 * faults) when the next batch asks for it. An array handed out is valid until the next {@link
 * #view} or {@link #trim} (a view of the same shape is the same array); not thread-safe (one owner
 * thread).
 */
public final class GrowingBuffer {
  private INDArray buffer;

  /** The last view handed out, returned again for the same shape (its shape buffer is reused). */
  private INDArray last;

  /**
   * A row-major float32 {@code shape} array over the buffer's start, its contents left as they are;
   * the buffer is replaced (with headroom, so slowly growing calls allocate a few times only) when
   * it is smaller than the shape.
   */
  public INDArray view(long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (buffer == null || buffer.length() < n) {
      long grown = Math.max(n, buffer == null ? 0 : 2 * buffer.length());
      NativeMemory.release(buffer);
      buffer = Nd4j.createUninitialized(DataType.FLOAT, grown);
      last = null;
    }
    if (last == null || !Arrays.equals(last.shape(), shape)) {
      last = Nd4j.create(buffer.data(), shape, Nd4j.getStrides(shape, 'c'), 0, 'c', DataType.FLOAT);
    }
    return last;
  }

  /** Frees the buffer if it holds more than {@code keptFloats} floats. */
  public void trim(long keptFloats) {
    if (buffer != null && buffer.length() > keptFloats) {
      NativeMemory.release(buffer);
      buffer = null;
      last = null;
    }
  }

  /** Floats held now. */
  public long heldFloats() {
    return buffer == null ? 0 : buffer.length();
  }

  /**
   * Whether {@code a}'s memory overlaps this buffer's, by native address (so views, reshapes and
   * buffers that wrap another's memory all count), comparing {@code a}'s whole data buffer.
   */
  public boolean overlaps(INDArray a) {
    if (buffer == null || a == null || a.wasClosed() || buffer.wasClosed()) {
      return false;
    }
    long start = buffer.data().address();
    long end = start + buffer.length() * Float.BYTES;
    long aStart = a.data().address();
    long aEnd = aStart + a.data().length() * a.data().getElementSize();
    return aStart < end && start < aEnd;
  }
}
