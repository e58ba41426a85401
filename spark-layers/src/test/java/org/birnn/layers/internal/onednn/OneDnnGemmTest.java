package org.birnn.layers.internal.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.birnn.layers.internal.KernelTeam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * oneDNN's products equal ND4J's {@code gemm} (the reference path) for every transpose, at a tagger
 * head's sizes, with weights that are views of a flat parameter vector, on one thread and on the
 * default team; operands oneDNN cannot read in place are declined, their output untouched.
 */
class OneDnnGemmTest {
  @BeforeAll
  static void needsOneDnn() {
    assumeTrue(OneDnnRuntime.available(), "oneDNN natives not loadable here");
  }

  private static INDArray rand(long rows, long cols, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, rows, cols).subi(0.5);
  }

  /** {@code m} as a row-major view inside a larger flat vector, as a model's weights are. */
  private static INDArray weightView(INDArray m) {
    INDArray flat = Nd4j.zeros(DataType.FLOAT, 1, 7 + m.length() + 5);
    INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(7, 7 + m.length()));
    INDArray w = view.reshape('c', m.size(0), m.size(1));
    w.assign(m);
    return w;
  }

  private static void assertClose(INDArray want, INDArray got) {
    double scale = Math.max(1, want.amaxNumber().doubleValue());
    double diff = want.sub(got).amaxNumber().doubleValue();
    assertTrue(diff <= 2e-6 * scale, "largest difference " + diff + " at scale " + scale);
  }

  private static INDArray reference(INDArray a, INDArray b, boolean ta, boolean tb) {
    long n = ta ? a.size(1) : a.size(0);
    long m = tb ? b.size(0) : b.size(1);
    INDArray c = Nd4j.create(DataType.FLOAT, n, m);
    Nd4j.gemm(a.dup('c'), b.dup('c'), c, ta, tb, 1.0, 0.0);
    return c;
  }

  @Test
  void productsEqualNd4jsGemmForEveryTransposeAndWeightViews() {
    long n = 1900;
    long k = 64;
    long m = 9;
    INDArray x = rand(n, k, 1);
    INDArray w = rand(k, m, 2);
    INDArray dz = rand(n, m, 3);
    for (int team : new int[] {1, 0}) {
      for (INDArray weights : List.of(w, weightView(w))) {
        // {a, b, transpose a, transpose b}: a Dense layer's forward, kernel and input gradients.
        Object[][] cases = {
          {x, weights, false, false}, {x, dz, true, false}, {dz, weights, false, true}
        };
        for (Object[] c : cases) {
          INDArray a = (INDArray) c[0];
          INDArray b = (INDArray) c[1];
          boolean ta = (Boolean) c[2];
          boolean tb = (Boolean) c[3];
          INDArray want = reference(a, b, ta, tb);
          INDArray got = Nd4j.createUninitialized(DataType.FLOAT, want.shape(), 'c');
          boolean done;
          if (team == 1) {
            try (KernelTeam.Scope s = KernelTeam.batch()) {
              done = OneDnnGemm.product(a, b, got, ta, tb);
            }
          } else {
            done = OneDnnGemm.product(a, b, got, ta, tb);
          }
          assertTrue(done, "row-major float32 operands are taken");
          assertClose(want, got);
        }
      }
    }
  }

  @Test
  void operandsItCannotReadInPlaceAreDeclined() {
    INDArray a = rand(6, 4, 4);
    INDArray b = rand(4, 3, 5);
    INDArray wide = rand(6, 8, 6);
    INDArray strided = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 5));
    List<INDArray[]> declined =
        List.of(
            new INDArray[] {a.dup('f'), b},
            new INDArray[] {strided, b},
            new INDArray[] {a.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE)},
            new INDArray[] {a, Nd4j.create(DataType.FLOAT, 4, 0)});
    for (INDArray[] ops : declined) {
      INDArray c = Nd4j.valueArrayOf(new long[] {6, ops[1].size(1)}, 42f);
      if (ops[0].dataType() == DataType.DOUBLE) {
        c = c.castTo(DataType.DOUBLE);
      }
      assertFalse(OneDnnGemm.product(ops[0], ops[1], c, false, false));
      if (c.length() > 0) {
        assertEquals(42.0, c.getDouble(0, 0), "output untouched");
      }
    }
  }
}
