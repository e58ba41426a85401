package org.birnn.pipelines.classification;

import java.io.Serializable;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * The feature column kinds the classifier reads: token ids {@code array<int>} (or {@code
 * long}/{@code short}), or pre-embedded sequences {@code array<array<float|double>>} or {@code
 * array<vector>}; {@link org.birnn.pipelines.spark.SparkRows} reads one row's features.
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
}
