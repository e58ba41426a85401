package org.birnn.layers.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** FloatArrays copies exactly what ND4J's element-wise constructor and assign do. */
class FloatArraysTest {
  private static float[] values(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * 0.5f - 3f;
    }
    return v;
  }

  @Test
  void ofEqualsNd4jCreate() {
    float[] v = values(24);
    INDArray a = FloatArrays.of(v, 2, 3, 4);
    assertEquals(Nd4j.create(v, new long[] {2, 3, 4}, 'c'), a);
    assertEquals('c', a.ordering());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FloatArrays.of(v, 5, 5));
    assertTrue(e.getMessage().contains("[5, 5] holds 25 values; received 24"), e.getMessage());
  }

  @Test
  void assignWritesOnlyTheTargetsElements() {
    float[] v = values(6);
    // A view inside a larger buffer: the elements around it must stay as they were.
    INDArray whole = Nd4j.ones(DataType.FLOAT, 10);
    INDArray view = whole.get(NDArrayIndex.interval(2, 8));
    FloatArrays.assign(view, v);
    assertArrayEquals(v, view.toFloatVector());
    assertEquals(1f, whole.getFloat(1));
    assertEquals(1f, whole.getFloat(8));

    INDArray doubles = Nd4j.zeros(DataType.DOUBLE, 2, 3);
    FloatArrays.assign(doubles, v);
    assertEquals(Nd4j.create(v, new long[] {2, 3}, 'c').castTo(DataType.DOUBLE), doubles);

    INDArray columnMajor = Nd4j.zeros(DataType.FLOAT, 2, 3).dup('f');
    FloatArrays.assign(columnMajor, v);
    assertEquals(Nd4j.create(v, new long[] {2, 3}, 'c'), columnMajor);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FloatArrays.assign(doubles, values(5)));
    assertTrue(e.getMessage().contains("has 6 elements; received 5"), e.getMessage());
  }
}
