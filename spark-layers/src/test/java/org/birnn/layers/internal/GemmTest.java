package org.birnn.layers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gemm's products equal float64 products computed element by element, for any operand layout. */
class GemmTest {
  /** The operand as ND4J may hand it over: row-major, column-major, or a strided view. */
  private static List<INDArray> layouts(long rows, long cols, DataType dt, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray c = Nd4j.rand(DataType.DOUBLE, rows, cols).subi(0.5).castTo(dt);
    INDArray wide = Nd4j.zeros(dt, rows, cols * 2);
    INDArray view =
        wide.get(
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(1, cols + 1));
    view.assign(c);
    return List.of(c, c.dup('f'), view, c.reshape('c', 1, rows, cols).reshape('c', rows, cols));
  }

  private static double[][] naive(INDArray a, INDArray b, boolean ta, boolean tb) {
    double[][] x = (ta ? a.transpose() : a).toDoubleMatrix();
    double[][] y = (tb ? b.transpose() : b).toDoubleMatrix();
    double[][] out = new double[x.length][y[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < y[0].length; j++) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
          s += x[i][k] * y[k][j];
        }
        out[i][j] = s;
      }
    }
    return out;
  }

  private static void assertProduct(double[][] want, INDArray got, double tol) {
    assertEquals('c', got.ordering());
    assertArrayEquals(new long[] {want.length, want[0].length}, got.shape());
    double[][] g = got.toDoubleMatrix();
    for (int i = 0; i < want.length; i++) {
      for (int j = 0; j < want[0].length; j++) {
        assertEquals(want[i][j], g[i][j], tol, "element [" + i + ", " + j + "]");
      }
    }
  }

  @Test
  void productsEqualTheNaiveProductInEveryLayout() {
    for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
      double tol = dt == DataType.FLOAT ? 1e-5 : 1e-12;
      // Shapes of a tagger's head: many rows, few units (and a square case).
      for (long[] s : List.of(new long[] {300, 7, 5}, new long[] {6, 6, 6})) {
        long n = s[0];
        long k = s[1];
        long m = s[2];
        for (INDArray a : layouts(n, k, dt, 1)) {
          for (INDArray b : layouts(k, m, dt, 2)) {
            assertProduct(naive(a, b, false, false), Gemm.ab(a, b), tol);
          }
          for (INDArray b : layouts(n, m, dt, 3)) {
            assertProduct(naive(a, b, true, false), Gemm.atb(a, b), tol);
          }
          for (INDArray b : layouts(m, k, dt, 4)) {
            assertProduct(naive(a, b, false, true), Gemm.abt(a, b), tol);
          }
        }
      }
    }
  }

  @Test
  void rowsIsAViewOfARowMajorArrayAndACopyOfAnyOther() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 5);
    INDArray r = Gemm.rows(x, 5);
    assertArrayEquals(new long[] {12, 5}, r.shape());
    r.putScalar(0, 0, 42f);
    assertEquals(42f, x.getFloat(0, 0, 0), "a row-major array is viewed, not copied");

    INDArray f = x.dup('f');
    INDArray rf = Gemm.rows(f, 5);
    assertEquals(x.reshape('c', 12, 5), rf);
    rf.putScalar(0, 0, -1f);
    assertTrue(f.getFloat(0, 0, 0) == 42f, "a column-major array is copied");
  }
}
