package org.birnn.layers.internal.onednn;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 matrix products through oneDNN's {@code sgemm}, which runs on the calling thread's OpenMP
 * team: inside a batch ({@link org.birnn.layers.internal.KernelTeam}) that is the calling thread
 * alone.
 *
 * <p>Why not ND4J's {@code gemm}: it hands the product to OpenBLAS's own thread pool. Right after a
 * recurrent kernel, OpenMP's idle threads still spin on both cores, and a tagger head's product
 * ({@code [1900, 64] x [64, 9]}, about 50 us alone) then waited 0.4-0.7 ms for a core in every
 * training step.
 */
public final class OneDnnGemm {
  private OneDnnGemm() {}

  /**
   * Writes {@code op(a) op(b)} into {@code c} and returns {@code true}, or returns {@code false}
   * (and leaves {@code c} alone) when an operand is not a float32 row-major array that oneDNN can
   * read in place, a dimension is 0, or oneDNN is not available.
   *
   * @param a {@code [n, k]}, or {@code [k, n]} when {@code ta}
   * @param b {@code [k, m]}, or {@code [m, k]} when {@code tb}
   * @param c {@code [n, m]}, row-major
   */
  public static boolean product(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
    if (!readable(a) || !readable(b) || !readable(c) || !OneDnnRuntime.available()) {
      return false;
    }
    long n = c.size(0);
    long m = c.size(1);
    long k = ta ? a.size(0) : a.size(1);
    if (n == 0 || m == 0 || k == 0) {
      return false; // an empty buffer has no address to hand over
    }
    int status =
        dnnl.dnnl_sgemm(
            (byte) (ta ? 'T' : 'N'),
            (byte) (tb ? 'T' : 'N'),
            n,
            m,
            k,
            1f,
            pointer(a),
            a.size(1),
            pointer(b),
            b.size(1),
            0f,
            pointer(c),
            m);
    if (status != dnnl.dnnl_success) {
      throw new IllegalStateException(
          "oneDNN sgemm failed with status "
              + status
              + " for ["
              + n
              + ", "
              + k
              + "] x ["
              + k
              + ", "
              + m
              + "]");
    }
    return true;
  }

  /** A float32 matrix oneDNN reads in place. */
  private static boolean readable(INDArray x) {
    return x.rank() == 2 && x.dataType() == DataType.FLOAT && OneDnnKernel.readsInPlace(x);
  }

  private static FloatPointer pointer(INDArray x) {
    return new FloatPointer(x.data().addressPointer());
  }
}
