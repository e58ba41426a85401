package org.birnn.layers.internal;

import org.birnn.layers.internal.onednn.OneDnnGemm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products into new row-major ({@code 'c'}) arrays, one {@code gemm} call each, the operands
 * read in place: oneDNN's for float32 row-major operands ({@link OneDnnGemm}), else ND4J's.
 *
 * <p>ND4J's {@code mmul} copies a transposed operand and its column-major result; for a tagger's
 * head ({@code [15360, 64] x [64, 9]}) those copies cost up to 25 times the product itself.
 */
public final class Gemm {
  private Gemm() {}

  /** {@code a [n, k] x b [k, m]} as a new {@code [n, m]}. */
  public static INDArray ab(INDArray a, INDArray b) {
    INDArray c = out(a, a.size(0), b.size(1));
    gemm(a, b, c, false, false);
    return c;
  }

  /** {@code a^T b} for {@code a [k, n]}, {@code b [k, m]}, as a new {@code [n, m]}. */
  public static INDArray atb(INDArray a, INDArray b) {
    INDArray c = out(a, a.size(1), b.size(1));
    gemm(a, b, c, true, false);
    return c;
  }

  /** {@code a b^T} for {@code a [n, k]}, {@code b [m, k]}, as a new {@code [n, m]}. */
  public static INDArray abt(INDArray a, INDArray b) {
    INDArray c = out(a, a.size(0), b.size(0));
    gemm(a, b, c, false, true);
    return c;
  }

  /**
   * {@code a} as a row-major {@code [length / last, last]} matrix: a view where its elements
   * already lie so, else a copy.
   */
  public static INDArray rows(INDArray a, long last) {
    long n = a.length() / last;
    if (HeapFloats.rowMajor(a)) {
      return a.reshape('c', n, last);
    }
    return a.dup('c').reshape('c', n, last);
  }

  private static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
    if (!OneDnnGemm.product(a, b, c, ta, tb)) {
      Nd4j.gemm(a, b, c, ta, tb, 1.0, 0.0);
    }
  }

  private static INDArray out(INDArray like, long n, long m) {
    return Nd4j.createUninitialized(like.dataType(), new long[] {n, m}, 'c');
  }
}
