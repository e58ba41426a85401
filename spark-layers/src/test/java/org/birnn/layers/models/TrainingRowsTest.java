package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The minibatch rows of {@code fit}, {@code evaluate} and {@code predict}: contiguous, shuffled and
 * whole selections of rank 1 to 3 arrays give exactly the picked rows.
 */
class TrainingRowsTest {
  private static void assertRows(INDArray x, int[] idx) {
    INDArray got = Training.rows(x, idx);
    long[] shape = x.shape().clone();
    shape[0] = idx.length;
    assertArrayEquals(shape, got.shape());
    for (int i = 0; i < idx.length; i++) {
      assertEquals(
          x.slice(idx[i]), got.slice(i), "row " + i + " of " + java.util.Arrays.toString(idx));
    }
  }

  @Test
  void picksExactlyTheAskedRowsOfAnyRank() {
    INDArray x3 = Nd4j.linspace(DataType.FLOAT, 0, 5 * 3 * 2, 1).reshape('c', 5, 3, 2);
    INDArray x2 = Nd4j.linspace(DataType.FLOAT, 0, 10, 1).reshape('c', 5, 2);
    INDArray x1 = Nd4j.linspace(DataType.FLOAT, 0, 5, 1);
    for (INDArray x : new INDArray[] {x3, x2, x1}) {
      assertRows(x, new int[] {1, 2, 3});
      assertRows(x, new int[] {4, 0, 2});
      assertRows(x, new int[] {3});
      assertRows(x, new int[] {0, 1, 2, 3, 4});
      // Not dense (an f-order copy): the rows still come out right.
      assertRows(x.dup('f'), new int[] {0, 1, 2, 3, 4});
      assertRows(x.dup('f'), new int[] {2, 0});
    }
    // A whole dense array is used as it is: no copy per minibatch.
    assertSame(x3, Training.rows(x3, new int[] {0, 1, 2, 3, 4}));
  }
}
