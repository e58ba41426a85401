package org.birnn.layers.utils;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees ND4J arrays' off-heap buffers when the caller is done with them, rather than when the
 * garbage collector finds them: a loop that scores batch after batch then reuses memory already
 * mapped instead of growing until the next collection.
 */
public final class NativeMemory {
  private NativeMemory() {}

  /**
   * Frees {@code a}'s buffer now; only for arrays the caller made and no one else holds. {@code
   * null}, views, workspace arrays and arrays already closed are left alone.
   */
  public static void release(INDArray a) {
    if (a != null && !a.wasClosed() && a.closeable()) {
      a.close();
    }
  }
}
