package org.birnn.layers.core;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Float32 arrays read into the Java heap without an ND4J operation when their buffer already holds
 * them in row-major order (a weight's view into a model's flat parameters, a freshly computed
 * gradient): the small layers' Java paths read their inputs this way.
 */
final class HeapFloats {
  private HeapFloats() {}

  /** Whether {@code a}'s elements lie row-major and contiguous in a float32 buffer. */
  static boolean direct(INDArray a) {
    return a.dataType() == DataType.FLOAT
        && a.ordering() == 'c'
        && Shape.hasDefaultStridesForShape(a);
  }

  /** The values in row-major order. */
  static float[] read(INDArray a) {
    if (direct(a)) {
      float[] out = new float[(int) a.length()];
      a.data().asNioFloat().get((int) a.offset(), out);
      return out;
    }
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  /**
   * Rows {@code idx} of the row-major matrix {@code table [rows, columns]}, row-major {@code
   * [idx.length, columns]}.
   */
  static float[] gather(INDArray table, int[] idx) {
    int columns = (int) table.size(1);
    float[] out = new float[idx.length * columns];
    FloatBuffer fb = table.data().asNioFloat();
    int base = (int) table.offset();
    for (int n = 0; n < idx.length; n++) {
      fb.get(base + idx[n] * columns, out, n * columns, columns);
    }
    return out;
  }
}
