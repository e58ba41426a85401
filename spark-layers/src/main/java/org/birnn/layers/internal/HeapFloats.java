package org.birnn.layers.internal;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float32 arrays moved between ND4J buffers and the Java heap without an ND4J operation: read
 * straight from the buffer when it already holds them in row-major order (a weight's view into a
 * model's flat parameters, a freshly computed gradient), written with one bulk copy. The small
 * layers' Java paths use these; an ND4J call costs tens of microseconds at any size, and {@code
 * Nd4j.create(float[])} copies element by element.
 */
public final class HeapFloats {
  private HeapFloats() {}

  /** Whether {@code a}'s elements lie row-major and contiguous (from {@code a.offset()}). */
  public static boolean rowMajor(INDArray a) {
    return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
  }

  /** Whether {@code a}'s elements lie row-major and contiguous in a float32 buffer. */
  public static boolean direct(INDArray a) {
    return a.dataType() == DataType.FLOAT && rowMajor(a);
  }

  /** The values in row-major order. */
  public static float[] read(INDArray a) {
    if (direct(a)) {
      float[] out = new float[(int) a.length()];
      a.data().asNioFloat().get((int) a.offset(), out);
      return out;
    }
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  /**
   * Which elements are non-zero, in row-major order: a boolean or float32 array lying row-major is
   * read straight from its buffer (a mask per batch; an ND4J cast would cost more than the scan).
   */
  public static boolean[] nonZero(INDArray a) {
    boolean[] out = new boolean[(int) a.length()];
    if (a.dataType() == DataType.BOOL && rowMajor(a)) {
      java.nio.ByteBuffer bytes = a.data().asNio();
      int base = (int) a.offset();
      for (int i = 0; i < out.length; i++) {
        out[i] = bytes.get(base + i) != 0;
      }
      return out;
    }
    float[] f = read(a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT));
    for (int i = 0; i < out.length; i++) {
      out[i] = f[i] != 0f;
    }
    return out;
  }

  /** A new row-major float32 array of {@code shape} holding {@code values}. */
  public static INDArray array(float[] values, long[] shape) {
    INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    a.data().asNioFloat().put((int) a.offset(), values);
    return a;
  }

  /**
   * {@code to += from}, element-wise, for float32 arrays of equal length that {@link #direct} both.
   */
  public static void addInto(INDArray to, INDArray from) {
    int n = (int) to.length();
    FloatBuffer t = to.data().asNioFloat();
    FloatBuffer f = from.data().asNioFloat();
    int tb = (int) to.offset();
    int fbase = (int) from.offset();
    float[] a = new float[Math.min(n, 4096)];
    float[] b = new float[a.length];
    for (int done = 0; done < n; done += a.length) {
      int len = Math.min(a.length, n - done);
      t.get(tb + done, a, 0, len);
      f.get(fbase + done, b, 0, len);
      for (int i = 0; i < len; i++) {
        a[i] += b[i];
      }
      t.put(tb + done, a, 0, len);
    }
  }

  /**
   * {@code table[rows[i]] += values[i]} for each {@code i}: the scatter-add matching {@link
   * #gather}, for a {@link #direct} matrix {@code table [n, columns]} and {@code values
   * [rows.length, columns]}; touches only those rows.
   */
  public static void scatterAdd(INDArray table, int[] rows, INDArray values) {
    int columns = (int) table.size(1);
    float[] add = read(values);
    float[] row = new float[columns];
    FloatBuffer fb = table.data().asNioFloat();
    int base = (int) table.offset();
    for (int i = 0; i < rows.length; i++) {
      int at = base + rows[i] * columns;
      fb.get(at, row);
      for (int k = 0; k < columns; k++) {
        row[k] += add[i * columns + k];
      }
      fb.put(at, row);
    }
  }

  /**
   * Writes rows {@code idx} of the {@link #direct} matrix {@code table [rows, columns]} into the
   * {@link #direct} array {@code out} (of {@code idx.length * columns} elements) and returns it,
   * copied buffer to buffer: a heap array between them cost as much again in allocation, zeroing
   * and a second copy.
   */
  public static INDArray gatherInto(INDArray table, int[] idx, INDArray out) {
    int columns = (int) table.size(1);
    FloatBuffer to = out.data().asNioFloat();
    FloatBuffer from = table.data().asNioFloat();
    int base = (int) table.offset();
    int at = (int) out.offset();
    for (int n = 0; n < idx.length; n++, at += columns) {
      to.put(at, from, base + idx[n] * columns, columns);
    }
    return out;
  }
}
