package org.birnn.layers.internal;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small tensor utilities shared by the layers: layout changes, flips, shape messages. */
public final class Tensors {
  private Tensors() {}

  /** {@code "[2, 3, 4]"}. */
  public static String shape(INDArray a) {
    return a == null ? "null" : Arrays.toString(a.shape());
  }

  /** The ND4J data type of a Keras dtype name ({@code float32} or {@code float64}). */
  public static DataType dataType(String kerasDtype) {
    switch (kerasDtype) {
      case "float32":
        return DataType.FLOAT;
      case "float64":
        return DataType.DOUBLE;
      default:
        throw new IllegalArgumentException(
            "Unsupported dtype \"" + kerasDtype + "\"; expected \"float32\" or \"float64\"");
    }
  }

  /** {@code a} in data type {@code t} (the same array if it already is). */
  public static INDArray as(INDArray a, DataType t) {
    return a.dataType() == t ? a : a.castTo(t);
  }

  /**
   * {@code [batch, time, ...]} to a new c-order {@code [time, batch, ...]}; with {@code reverse},
   * step {@code s} of the result is time index {@code T-1-s}.
   */
  public static INDArray toTimeMajor(INDArray x, boolean reverse) {
    int[] perm = new int[x.rank()];
    perm[0] = 1;
    perm[1] = 0;
    for (int i = 2; i < perm.length; i++) {
      perm[i] = i;
    }
    if (isDenseFloat(x)) {
      return swapLeadingAxes(x, reverse, false);
    }
    INDArray tm = x.permute(perm).dup('c');
    return reverse ? flipAxis0(tm) : tm;
  }

  /**
   * Inverse of {@link #toTimeMajor}: {@code [time, batch, ...]} to a new {@code [batch, time,
   * ...]}.
   */
  public static INDArray fromTimeMajor(INDArray tm, boolean reverse) {
    if (isDenseFloat(tm)) {
      return swapLeadingAxes(tm, false, reverse);
    }
    INDArray ordered = reverse ? flipAxis0(tm) : tm;
    int[] perm = new int[tm.rank()];
    perm[0] = 1;
    perm[1] = 0;
    for (int i = 2; i < perm.length; i++) {
      perm[i] = i;
    }
    return ordered.permute(perm).dup('c');
  }

  /** A new array with axis 0 reversed. */
  public static INDArray flipAxis0(INDArray a) {
    INDArray out = Nd4j.create(a.dataType(), a.shape());
    long n = a.size(0);
    if (a.rank() == 1) {
      for (long i = 0; i < n; i++) {
        out.putScalar(i, a.getDouble(n - 1 - i));
      }
      return out;
    }
    for (long i = 0; i < n; i++) {
      out.slice(i).assign(a.slice(n - 1 - i));
    }
    return out;
  }

  /** A new {@code [batch, time, ...]} array with the time axis (1) reversed. */
  public static INDArray flipTime(INDArray x) {
    if (isDenseFloat(x) && x.rank() >= 2) {
      int a = Math.toIntExact(x.size(0));
      int b = Math.toIntExact(x.size(1));
      int row = Math.toIntExact(x.length() / ((long) a * b));
      INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
      FloatBuffer in = x.data().asNioFloat();
      FloatBuffer o = out.data().asNioFloat();
      float[] buf = new float[row];
      for (int i = 0; i < a; i++) {
        for (int j = 0; j < b; j++) {
          in.get((i * b + j) * row, buf);
          o.put((i * b + (b - 1 - j)) * row, buf);
        }
      }
      return out;
    }
    return fromTimeMajor(toTimeMajor(x, true), false);
  }

  /**
   * {@code [..., a]} and {@code [..., b]} joined on the last axis as {@code [..., a + b]}, copied
   * row by row from their buffers when both are dense float32 with the same leading shape (one
   * allocation; ND4J's concat costs more per call than the copy at a classifier's sizes); {@code
   * null} otherwise.
   */
  public static INDArray concatLast(INDArray x, INDArray y) {
    if (!isDenseFloat(x) || !isDenseFloat(y) || x.rank() != y.rank()) {
      return null;
    }
    for (int d = 0; d < x.rank() - 1; d++) {
      if (x.size(d) != y.size(d)) {
        return null;
      }
    }
    int a = Math.toIntExact(x.size(x.rank() - 1));
    int b = Math.toIntExact(y.size(y.rank() - 1));
    int rows = Math.toIntExact(x.length() / Math.max(1, a));
    long[] shape = x.shape().clone();
    shape[shape.length - 1] = a + b;
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    FloatBuffer xs = x.data().asNioFloat();
    FloatBuffer ys = y.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] rowX = new float[a];
    float[] rowY = new float[b];
    for (int r = 0; r < rows; r++) {
      xs.get(r * a, rowX);
      ys.get(r * b, rowY);
      o.put(r * (a + b), rowX);
      o.put(r * (a + b) + a, rowY);
    }
    return out;
  }

  /**
   * Whether {@code x} is a dense c-order float32 array at its buffer's start, so its rows can be
   * copied in bulk (ND4J's strided copies cost milliseconds at sequence sizes).
   */
  private static boolean isDenseFloat(INDArray x) {
    return x.dataType() == DataType.FLOAT
        && x.rank() >= 2
        && x.length() < Integer.MAX_VALUE
        && isDense(x);
  }

  /**
   * Whether {@code a} is a dense c-order array starting at its buffer's first element, so that
   * native code and bulk copies can use the buffer as is. The buffer may run on past the array (a
   * reused buffer's view, {@link GrowingBuffer}): such code reads the array's elements only.
   */
  public static boolean isDense(INDArray a) {
    return HeapFloats.rowMajor(a) && a.offset() == 0 && a.data().length() >= a.length();
  }

  /**
   * {@code [A, B, rest]} to a new {@code [B, A, rest]}: {@code out[j][i] = x[i][j]}, with the
   * input's axis 1 read reversed ({@code reverseIn}) or the input's axis 0 read reversed ({@code
   * reverseOut}).
   */
  private static INDArray swapLeadingAxes(INDArray x, boolean reverseIn, boolean reverseOut) {
    int a = Math.toIntExact(x.size(0));
    int b = Math.toIntExact(x.size(1));
    int row = Math.toIntExact(x.length() / ((long) a * b));
    long[] shape = x.shape().clone();
    shape[0] = b;
    shape[1] = a;
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
    FloatBuffer in = x.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] buf = new float[row];
    for (int i = 0; i < a; i++) {
      int oi = reverseOut ? a - 1 - i : i;
      for (int j = 0; j < b; j++) {
        int oj = reverseIn ? b - 1 - j : j;
        in.get((i * b + j) * row, buf);
        o.put((oj * a + oi) * row, buf);
      }
    }
    return out;
  }

  /**
   * A mask {@code [batch, time]} of any type as 1 (keep) / 0 (masked) in data type {@code t}:
   * non-zero and {@code true} mean keep, as Keras casts masks to bool.
   */
  public static INDArray mask01(INDArray mask, DataType t) {
    INDArray b = mask.dataType() == DataType.BOOL ? mask : mask.neq(0.0);
    return b.castTo(t);
  }
}
