package org.birnn.layers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** HeapFloats reads masks of every type and layout as ND4J's own comparison does. */
class HeapFloatsTest {
  @Test
  void nonZeroMatchesNd4jInEveryTypeAndLayout() {
    INDArray v =
        Nd4j.createFromArray(new float[] {0, 1, 0, 2, -3, 0, 0, 0.5f, 1, 0, 0, 7}).reshape(3, 4);
    INDArray bool = v.neq(0.0);
    INDArray[] cases = {
      bool, // row-major booleans, read from the buffer
      bool.dup('f'), // column-major: read through a cast
      bool.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()), // an offset view
      bool.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)), // a strided view
      v,
      v.castTo(DataType.INT32),
      v.castTo(DataType.DOUBLE).get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)),
    };
    for (INDArray a : cases) {
      boolean[] want = new boolean[(int) a.length()];
      double[] flat = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      for (int i = 0; i < want.length; i++) {
        want[i] = flat[i] != 0;
      }
      assertArrayEquals(want, HeapFloats.nonZero(a), a.dataType() + " " + a.shapeInfoToString());
    }
  }
}
