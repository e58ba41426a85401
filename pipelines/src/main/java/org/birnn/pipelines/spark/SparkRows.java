package org.birnn.pipelines.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.birnn.pipelines.training.SequenceExample;

/**
 * Every call into Spark's internal row API in one place (as XGBoost4J-Spark keeps its Spark
 * internals in one class): Datasets read and written as internal (binary) rows, rows joined with
 * scores, and features and labels read straight from binary arrays. Other classes only pass {@code
 * InternalRow}s along. These APIs ({@code queryExecution().toRdd()}, {@code
 * internalCreateDataFrame}, catalyst rows) are not stable across Spark versions, so a Spark line
 * that changes them changes this file alone.
 *
 * <p>Why internal rows: a pre-embedded sequence of 100 x 128 floats would be boxed into 12,800
 * {@code Float}s on the way in and encoded back on the way out, costing as much as the network's
 * forward pass.
 */
public final class SparkRows {
  /** Reads and writes {@code vector} values in their internal form. */
  private static final VectorUDT VECTORS = new VectorUDT();

  /** The id unseen tokens map to under {@code handleInvalid = keep} (TokenIndexer's). */
  public static final int OUT_OF_VOCABULARY = 1;

  private static final int VECTOR_FIELDS = VECTORS.sqlType().fields().length;

  private SparkRows() {}

  /** The rows of {@code ds} in their internal form, without conversion. */
  public static JavaRDD<InternalRow> of(Dataset<?> ds) {
    return ds.queryExecution().toRdd().toJavaRDD();
  }

  /**
   * A DataFrame of internal rows of {@code schema}. {@code internalCreateDataFrame} is {@code
   * private[sql]} on Spark 3.5's {@code SparkSession} and lives on the classic session class in
   * Spark 4, so it is found on the session's runtime class, the same on both lines.
   */
  public static Dataset<Row> toDataFrame(
      SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
    try {
      Method m =
          spark
              .getClass()
              .getMethod(
                  "internalCreateDataFrame",
                  org.apache.spark.rdd.RDD.class,
                  StructType.class,
                  boolean.class);
      @SuppressWarnings("unchecked")
      Dataset<Row> df = (Dataset<Row>) m.invoke(spark, rows.rdd(), schema, false);
      return df;
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new UnsupportedOperationException(
          "This Spark ("
              + spark.version()
              + ", "
              + spark.getClass().getName()
              + ") has no internalCreateDataFrame; scoring needs a classic (not Connect-client)"
              + " session on Spark 3.5 or 4",
          e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** {@code row} followed by {@code values} (internal forms), without copying {@code row}. */
  public static InternalRow append(InternalRow row, Object[] values) {
    return new JoinedRow(row, new GenericInternalRow(values));
  }

  /** A copy of a row a scan may reuse. */
  public static InternalRow copy(InternalRow row) {
    return row.copy();
  }

  /** A dense MLlib vector in its internal form. */
  public static Object vector(double[] values) {
    return VECTORS.serialize(Vectors.dense(values));
  }

  /**
   * The features of {@code row} at {@code idx} as an example with {@code label}, or {@code null}
   * for a null or empty sequence. The row is Spark's internal (binary) form, so the values are read
   * straight from its arrays with no boxed copy of the sequence.
   *
   * @param type the feature column's type, one {@link #kindOf} accepts
   * @param maxLength keep at most this many steps (0: no limit)
   * @param dim expected features per step (0 for ids or unknown)
   * @param vocab ids must be below this (0: unchecked)
   * @param keepUnseen map ids at or above {@code vocab} to {@link #OUT_OF_VOCABULARY} instead of
   *     failing
   * @throws InvalidRowException for a value of the row that cannot be read, naming the column
   */
  public static SequenceExample example(
      InternalRow row,
      int idx,
      DataType type,
      int maxLength,
      int dim,
      int label,
      String col,
      int vocab,
      boolean keepUnseen) {
    if (row.isNullAt(idx)) {
      return null;
    }
    ArrayData seq = row.getArray(idx);
    int length = maxLength > 0 ? Math.min(maxLength, seq.numElements()) : seq.numElements();
    if (length == 0) {
      return null;
    }
    DataType element = ((ArrayType) type).elementType();
    if (!(element instanceof ArrayType) && !(element instanceof VectorUDT)) {
      return new SequenceExample(
          ids(seq, length, element, col, vocab, keepUnseen), length, 0, label);
    }
    Step first = Step.of(seq, 0, element, col);
    int d = first.size();
    if (d == 0 || (dim > 0 && d != dim)) {
      throw new InvalidRowException(
          "Column '"
              + col
              + "' has a step of "
              + d
              + " features; expected "
              + (dim > 0 ? dim : "> 0"));
    }
    float[] v = new float[length * d];
    for (int t = 0; t < length; t++) {
      Step s = t == 0 ? first : Step.of(seq, t, element, col);
      if (s.size() != d) {
        throw new InvalidRowException(
            "Column '"
                + col
                + "' mixes step sizes: step 0 has "
                + d
                + " features, step "
                + t
                + " has "
                + s.size());
      }
      s.copyTo(v, t * d, col, t);
    }
    return new SequenceExample(v, length, d, label);
  }

  private static float[] ids(
      ArrayData seq, int length, DataType element, String col, int vocab, boolean keepUnseen) {
    float[] v = new float[length];
    for (int t = 0; t < length; t++) {
      if (seq.isNullAt(t)) {
        throw new InvalidRowException("Column '" + col + "' has a null token id at step " + t);
      }
      long id;
      if (element.equals(DataTypes.IntegerType)) {
        id = seq.getInt(t);
      } else if (element.equals(DataTypes.LongType)) {
        id = seq.getLong(t);
      } else {
        id = seq.getShort(t);
      }
      if (id < 0 || (vocab > 0 && id >= vocab)) {
        if (keepUnseen && id >= vocab) {
          id = OUT_OF_VOCABULARY;
        } else {
          throw new InvalidRowException(
              "Column '"
                  + col
                  + "' has token id "
                  + id
                  + " at step "
                  + t
                  + (vocab > 0
                      ? ", outside the vocabulary of " + vocab + " ids [0, " + vocab + ")"
                      : "; ids must be >= 0"));
        }
      }
      v[t] = id;
    }
    return v;
  }

  /**
   * A problem of one row's value (null id or step, unseen or negative id, non-finite value, mixed
   * step sizes, bad label): {@code handleInvalid} decides whether it fails the job, drops the row
   * or keeps it.
   */
  public static final class InvalidRowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A row problem described by {@code message}, which names the column and the value. */
    public InvalidRowException(String message) {
      super(message);
    }
  }

  /** One step's features: a float or double array, or a (dense or sparse) vector. */
  private static final class Step {
    private final ArrayData values;
    private final boolean isFloat;
    private final double[] vector;

    private Step(ArrayData values, boolean isFloat, double[] vector) {
      this.values = values;
      this.isFloat = isFloat;
      this.vector = vector;
    }

    static Step of(ArrayData seq, int t, DataType element, String col) {
      if (seq.isNullAt(t)) {
        throw new InvalidRowException("Column '" + col + "' has a null step at " + t);
      }
      if (element instanceof VectorUDT) {
        return new Step(
            null, false, VECTORS.deserialize(seq.getStruct(t, VECTOR_FIELDS)).toArray());
      }
      boolean isFloat = ((ArrayType) element).elementType().equals(DataTypes.FloatType);
      return new Step(seq.getArray(t), isFloat, null);
    }

    int size() {
      return vector != null ? vector.length : values.numElements();
    }

    /**
     * Writes this step's features into {@code v} from {@code at}, or throws for the first null or
     * non-finite one (a null reads as NaN), naming step {@code t} of column {@code col}. Arrays
     * without nulls are copied in bulk: one call per step instead of two per feature, which cost as
     * much as the network's forward pass when {@code transform} read 100 x 128 floats a row.
     */
    void copyTo(float[] v, int at, String col, int t) {
      int d = size();
      if (vector == null && anyNull(values)) {
        for (int k = 0; k < d; k++) {
          if (values.isNullAt(k)) {
            throw nonFinite(col, Double.NaN, t, k);
          }
          v[at + k] = finite(isFloat ? values.getFloat(k) : values.getDouble(k), col, t, k);
        }
        return;
      }
      if (isFloat) {
        if (values instanceof UnsafeArrayData u) {
          // Straight from the row's bytes (the elements follow the header in UnsafeArrayData's
          // documented layout): toFloatArray would allocate a copy per step to copy again.
          Platform.copyMemory(
              u.getBaseObject(),
              u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(d),
              v,
              Platform.FLOAT_ARRAY_OFFSET + 4L * at,
              4L * d);
        } else {
          System.arraycopy(values.toFloatArray(), 0, v, at, d);
        }
        for (int k = 0; k < d; k++) {
          if (!Float.isFinite(v[at + k])) {
            throw nonFinite(col, v[at + k], t, k);
          }
        }
        return;
      }
      double[] x = vector != null ? vector : values.toDoubleArray();
      for (int k = 0; k < d; k++) {
        v[at + k] = finite(x[k], col, t, k);
      }
    }

    private static float finite(double x, String col, int t, int k) {
      if (!Double.isFinite(x)) {
        throw nonFinite(col, x, t, k);
      }
      return (float) x;
    }

    private static InvalidRowException nonFinite(String col, double x, int t, int k) {
      return new InvalidRowException(
          "Column '" + col + "' has a non-finite value " + x + " at step " + t + ", feature " + k);
    }

    /**
     * Whether {@code a} holds a null. A binary array answers from its null bits, a word (64
     * elements) at a time: their layout (element count, then the bits) is part of {@link
     * UnsafeArrayData}'s documented format.
     */
    private static boolean anyNull(ArrayData a) {
      if (a instanceof UnsafeArrayData u) {
        long words = (u.numElements() + 63L) / 64;
        for (long w = 0; w < words; w++) {
          if (Platform.getLong(u.getBaseObject(), u.getBaseOffset() + 8 + 8 * w) != 0) {
            return true;
          }
        }
        return false;
      }
      for (int k = 0; k < a.numElements(); k++) {
        if (a.isNullAt(k)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A class index read from a numeric column of an internal row, or an error naming the column and
   * the value.
   */
  public static int label(InternalRow row, int idx, DataType type, String col) {
    if (row.isNullAt(idx)) {
      throw new InvalidRowException("Column '" + col + "' has a null label");
    }
    Object o = row.get(idx, type);
    double v = o instanceof Decimal ? ((Decimal) o).toDouble() : ((Number) o).doubleValue();
    if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE - 1) {
      throw new InvalidRowException(
          "Column '" + col + "' must hold class indices 0, 1, 2, ...; received " + v);
    }
    return (int) v;
  }
}
