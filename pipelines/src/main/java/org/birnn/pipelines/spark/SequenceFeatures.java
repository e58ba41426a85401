package org.birnn.pipelines.spark;

import java.io.Serializable;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.birnn.pipelines.training.SequenceExample;

/**
 * The feature column kinds the classifier reads: token ids {@code array<int>} (or {@code
 * long}/{@code short}), or pre-embedded sequences {@code array<array<float|double>>} or {@code
 * array<vector>}; {@link org.birnn.pipelines.spark.SparkRows} reads one row's features.
 */
public final class SequenceFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How a features column holds its sequences. */
  public enum Kind {
    /** {@code array<int>}: token ids, shape {@code [time]}. */
    IDS,
    /** {@code array<array<float|double>>}: steps of features, shape {@code [time, dim]}. */
    ARRAYS,
    /** {@code array<vector>}: steps of features, shape {@code [time, dim]}. */
    VECTORS
  }

  private SequenceFeatures() {}

  /** The accepted column types, for messages and param docs. */
  public static final String EXPECTED =
      "array<int> (token ids), array<array<float>> / array<array<double>> or array<vector>"
          + " (pre-embedded sequences)";

  /**
   * The kind of a feature column type, or an error naming the column, its type and the expected.
   */
  public static Kind kindOf(String col, DataType t) {
    if (t instanceof ArrayType) {
      DataType e = ((ArrayType) t).elementType();
      if (e.equals(DataTypes.IntegerType)
          || e.equals(DataTypes.LongType)
          || e.equals(DataTypes.ShortType)) {
        return Kind.IDS;
      }
      if (e instanceof ArrayType) {
        DataType inner = ((ArrayType) e).elementType();
        if (inner.equals(DataTypes.FloatType) || inner.equals(DataTypes.DoubleType)) {
          return Kind.ARRAYS;
        }
      }
      if (e instanceof VectorUDT) {
        return Kind.VECTORS;
      }
    }
    throw new IllegalArgumentException(
        "Column '" + col + "' must be of type " + EXPECTED + " but was " + t.catalogString());
  }

  /** Whether a label column type is numeric. */
  public static void checkLabel(String col, DataType t) {
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(
          "Column '"
              + col
              + "' must be numeric (a class index 0, 1, ...) but was "
              + t.catalogString());
    }
  }

  /**
   * One sequence given to a per-row API ({@code predictRaw}, {@code predict}) as an example: token
   * ids as a {@code Vector}, {@code int[]}, {@code long[]} or list of numbers for a model trained
   * on ids; steps as a {@code Matrix} (steps x {@code dim}) or {@code double[][]} for a model
   * trained on vectors.
   *
   * @throws IllegalArgumentException naming {@code what}, the value's type and what is expected
   */
  public static SequenceExample single(Object features, Kind kind, int dim, String what) {
    if (kind == Kind.IDS) {
      double[] ids = idsOf(features);
      if (ids == null || ids.length == 0) {
        throw new IllegalArgumentException(
            what
                + " of a model trained on token ids takes a non-empty sequence of ids (a Vector,"
                + " int[], long[] or list of numbers); received "
                + describe(features));
      }
      float[] v = new float[ids.length];
      for (int t = 0; t < ids.length; t++) {
        if (!(ids[t] >= 0) || ids[t] != Math.rint(ids[t])) {
          throw new IllegalArgumentException(
              what + ": token ids must be integers >= 0; received " + ids[t] + " at step " + t);
        }
        v[t] = (float) ids[t];
      }
      return new SequenceExample(v, v.length, 0, 0);
    }
    double[][] steps = stepsOf(features);
    if (steps == null || steps.length == 0 || steps[0].length != dim) {
      throw new IllegalArgumentException(
          what
              + " of a model trained on vectors of "
              + dim
              + " features takes a Matrix of steps x "
              + dim
              + " (or double[][]); received "
              + describe(features));
    }
    float[] v = new float[steps.length * dim];
    for (int t = 0; t < steps.length; t++) {
      for (int k = 0; k < dim; k++) {
        v[t * dim + k] = (float) steps[t][k];
      }
    }
    return new SequenceExample(v, steps.length, dim, 0);
  }

  private static double[] idsOf(Object f) {
    if (f instanceof org.apache.spark.ml.linalg.Vector vec) {
      return vec.toArray();
    }
    if (f instanceof int[] a) {
      return java.util.Arrays.stream(a).asDoubleStream().toArray();
    }
    if (f instanceof long[] a) {
      return java.util.Arrays.stream(a).asDoubleStream().toArray();
    }
    if (f instanceof java.util.List<?> l && l.stream().allMatch(x -> x instanceof Number)) {
      return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }
    return null;
  }

  private static double[][] stepsOf(Object f) {
    if (f instanceof org.apache.spark.ml.linalg.Matrix m) {
      double[][] out = new double[m.numRows()][m.numCols()];
      for (int t = 0; t < m.numRows(); t++) {
        for (int k = 0; k < m.numCols(); k++) {
          out[t][k] = m.apply(t, k);
        }
      }
      return out;
    }
    return f instanceof double[][] a ? a : null;
  }

  private static String describe(Object f) {
    return f == null ? "null" : f.getClass().getSimpleName() + " " + f;
  }
}
