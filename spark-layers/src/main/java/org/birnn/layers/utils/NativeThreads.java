package org.birnn.layers.utils;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The size of the OpenMP teams the native code (ND4J's loops, oneDNN's primitives) starts from the
 * calling thread. OpenMP keeps it per thread, so a thread that runs one task of several on an
 * executor sizes its own teams to its share of the cores instead of every task spreading over all
 * of them.
 */
public final class NativeThreads {
  private NativeThreads() {}

  /** Teams of at most {@code threads} threads for the calling thread's native calls. */
  public static void limitTo(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1; received " + threads);
    }
    NativeOps ops = ops();
    if (ops.ompGetMaxThreads() != threads) {
      ops.setOmpNumThreads(threads);
    }
  }

  /** The team size the calling thread's native calls use. */
  public static int current() {
    return ops().ompGetMaxThreads();
  }

  private static NativeOps ops() {
    // The backend first: NativeOpsHolder reads settings the backend's loading makes, and in a
    // fresh executor JVM nothing else may have loaded it yet.
    Nd4j.getBackend();
    return NativeOpsHolder.getInstance().getDeviceNativeOps();
  }
}
