package org.birnn.layers.utils;

import org.birnn.layers.internal.HeapFloats;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * float32 arrays between Java and ND4J in one bulk copy. ND4J's {@code Nd4j.create(float[], ...)}
 * copies element by element: 2.6 ms for a {@code [64, 100, 128]} batch against 0.2-0.3 ms here.
 */
public final class FloatArrays {
  private FloatArrays() {}

  /** A new row-major float32 array of {@code shape} holding {@code values} (row-major). */
  public static INDArray of(float[] values, long... shape) {
    long n = ArrayUtil.prodLong(shape);
    if (n != values.length) {
      throw new IllegalArgumentException(
          "Shape "
              + java.util.Arrays.toString(shape)
              + " holds "
              + n
              + " values; received "
              + values.length);
    }
    return HeapFloats.array(values, shape);
  }

  /** Writes {@code values} (row-major) into {@code target}, which has as many elements. */
  public static void assign(INDArray target, float[] values) {
    if (target.length() != values.length) {
      throw new IllegalArgumentException(
          "Target has " + target.length() + " elements; received " + values.length + " values");
    }
    if (HeapFloats.direct(target)) {
      target.data().asNioFloat().put((int) target.offset(), values);
    } else {
      target.assign(Nd4j.create(values, target.shape(), 'c').castTo(target.dataType()));
    }
  }
}
