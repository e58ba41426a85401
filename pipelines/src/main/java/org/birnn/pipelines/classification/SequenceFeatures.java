package org.birnn.pipelines.classification;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.birnn.pipelines.training.SequenceExample;

/**
 * The feature column kinds the classifier reads, and the conversion of one row's features: token
 * ids {@code array<int>} (or {@code long}/{@code short}), or pre-embedded sequences {@code
 * array<array<float|double>>} or {@code array<vector>}.
 */
final class SequenceFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Kind {
    IDS,
    ARRAYS,
    VECTORS
  }

  private SequenceFeatures() {}

  static final String EXPECTED =
      "array<int> (token ids), array<array<float>> / array<array<double>> or array<vector>"
          + " (pre-embedded sequences)";

  /**
   * The kind of a feature column type, or an error naming the column, its type and the expected.
   */
  static Kind kindOf(String col, DataType t) {
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
  static void checkLabel(String col, DataType t) {
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(
          "Column '"
              + col
              + "' must be numeric (a class index 0, 1, ...) but was "
              + t.catalogString());
    }
  }

  /**
   * The features of {@code row} at {@code idx} as an example with {@code label}, or {@code null}
   * for a null or empty sequence.
   *
   * @param maxLength keep at most this many steps (0: no limit)
   * @param dim expected features per step (0 for ids or unknown)
   */
  static SequenceExample example(
      Row row, int idx, Kind kind, int maxLength, int dim, int label, String col) {
    if (row.isNullAt(idx)) {
      return null;
    }
    List<Object> seq = row.getList(idx);
    int length = maxLength > 0 ? Math.min(maxLength, seq.size()) : seq.size();
    if (length == 0) {
      return null;
    }
    if (kind == Kind.IDS) {
      float[] v = new float[length];
      for (int t = 0; t < length; t++) {
        Object o = seq.get(t);
        if (o == null) {
          throw new IllegalArgumentException(
              "Column '" + col + "' has a null token id at step " + t);
        }
        v[t] = ((Number) o).floatValue();
      }
      return new SequenceExample(v, length, 0, label);
    }
    double[] first = step(seq.get(0), kind, col, 0);
    int d = first.length;
    if (d == 0 || (dim > 0 && d != dim)) {
      throw new IllegalArgumentException(
          "Column '"
              + col
              + "' has a step of "
              + d
              + " features; expected "
              + (dim > 0 ? dim : "> 0"));
    }
    float[] v = new float[length * d];
    for (int t = 0; t < length; t++) {
      double[] s = t == 0 ? first : step(seq.get(t), kind, col, t);
      if (s.length != d) {
        throw new IllegalArgumentException(
            "Column '"
                + col
                + "' mixes step sizes: step 0 has "
                + d
                + " features, step "
                + t
                + " has "
                + s.length);
      }
      for (int k = 0; k < d; k++) {
        if (Double.isNaN(s[k]) || Double.isInfinite(s[k])) {
          throw new IllegalArgumentException(
              "Column '"
                  + col
                  + "' has a non-finite value "
                  + s[k]
                  + " at step "
                  + t
                  + ", feature "
                  + k);
        }
        v[t * d + k] = (float) s[k];
      }
    }
    return new SequenceExample(v, length, d, label);
  }

  private static double[] step(Object o, Kind kind, String col, int t) {
    if (o == null) {
      throw new IllegalArgumentException("Column '" + col + "' has a null step at " + t);
    }
    if (kind == Kind.VECTORS) {
      return ((Vector) o).toArray();
    }
    scala.collection.Seq<?> s = (scala.collection.Seq<?>) o;
    double[] out = new double[s.size()];
    for (int k = 0; k < out.length; k++) {
      Object x = s.apply(k);
      out[k] = x == null ? Double.NaN : ((Number) x).doubleValue();
    }
    return out;
  }
}
