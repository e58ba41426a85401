package org.birnn.pipelines.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.training.SequenceExample;
import org.junit.jupiter.api.Test;

/**
 * Steps of features are read in bulk from binary arrays and element by element from other arrays,
 * with the same values and the same errors: steps wider than one word of null bits (130 features),
 * nulls and non-finite values in any word, float and double elements.
 */
class SparkRowsTest {
  private static final int STEPS = 2;
  private static final int D = 130;

  /** One row of {@code values} (a null element where it is NaN and {@code nulls} is set). */
  private static InternalRow row(
      double[][] values, boolean isFloat, boolean nulls, boolean binary) {
    Object[] steps = new Object[values.length];
    for (int t = 0; t < values.length; t++) {
      Object[] step = new Object[values[t].length];
      for (int k = 0; k < step.length; k++) {
        double x = values[t][k];
        step[k] = nulls && Double.isNaN(x) ? null : isFloat ? (Object) (float) x : (Object) x;
      }
      steps[t] = new GenericArrayData(step);
    }
    InternalRow generic = new GenericInternalRow(new Object[] {new GenericArrayData(steps)});
    if (!binary) {
      return generic;
    }
    StructType schema = new StructType().add("features", type(isFloat));
    return UnsafeProjection.create(schema).apply(generic).copy();
  }

  private static DataType type(boolean isFloat) {
    return DataTypes.createArrayType(
        DataTypes.createArrayType(isFloat ? DataTypes.FloatType : DataTypes.DoubleType));
  }

  private static SequenceExample read(InternalRow r, boolean isFloat) {
    return SparkRows.example(r, 0, type(isFloat), 0, D, 0, "features", 0, false);
  }

  private static double[][] values(long seed) {
    Random r = new Random(seed);
    double[][] v = new double[STEPS][D];
    for (double[] step : v) {
      for (int k = 0; k < D; k++) {
        step[k] = r.nextGaussian();
      }
    }
    return v;
  }

  @Test
  void binaryAndGenericArraysGiveTheSameValues() {
    double[][] v = values(3);
    float[] expected = new float[STEPS * D];
    for (int t = 0; t < STEPS; t++) {
      for (int k = 0; k < D; k++) {
        expected[t * D + k] = (float) v[t][k];
      }
    }
    for (boolean isFloat : new boolean[] {true, false}) {
      for (boolean binary : new boolean[] {true, false}) {
        InternalRow r = row(v, isFloat, false, binary);
        assertEquals(
            binary, r.getArray(0).getArray(0) instanceof UnsafeArrayData, "representation");
        SequenceExample e = read(r, isFloat);
        assertArrayEquals(expected, e.values(), 0f, "float " + isFloat + ", binary " + binary);
        assertEquals(STEPS, e.length());
        assertEquals(D, e.dim());
      }
    }
  }

  @Test
  void nullsAndNonFiniteValuesInAnyWordAreFoundInOrder() {
    // {feature of a null (-1: none), feature of an infinity (-1: none), message}
    Object[][] cases = {
      {100, -1, "non-finite value NaN at step 1, feature 100"},
      {3, -1, "non-finite value NaN at step 1, feature 3"},
      {129, -1, "non-finite value NaN at step 1, feature 129"},
      {-1, 129, "non-finite value Infinity at step 1, feature 129"},
      {-1, 64, "non-finite value Infinity at step 1, feature 64"},
      {70, 65, "non-finite value Infinity at step 1, feature 65"},
      {65, 70, "non-finite value NaN at step 1, feature 65"},
    };
    for (Object[] c : cases) {
      double[][] v = values(5);
      int nul = (Integer) c[0];
      int inf = (Integer) c[1];
      if (nul >= 0) {
        v[1][nul] = Double.NaN;
      }
      if (inf >= 0) {
        v[1][inf] = Double.POSITIVE_INFINITY;
      }
      for (boolean isFloat : new boolean[] {true, false}) {
        for (boolean binary : new boolean[] {true, false}) {
          InternalRow r = row(v, isFloat, true, binary);
          Function<Boolean, String> where = b -> "float " + isFloat + ", binary " + b;
          SparkRows.InvalidRowException e =
              assertThrows(SparkRows.InvalidRowException.class, () -> read(r, isFloat));
          assertEquals("Column 'features' has a " + c[2], e.getMessage(), where.apply(binary));
        }
      }
    }
  }

  @Test
  void aNaNValueThatIsNotNullIsReportedAsSuch() {
    double[][] v = values(7);
    v[0][90] = Double.NaN;
    for (boolean isFloat : new boolean[] {true, false}) {
      InternalRow r = row(v, isFloat, false, true);
      ArrayData step = r.getArray(0).getArray(0);
      assertEquals(false, step.isNullAt(90));
      SparkRows.InvalidRowException e =
          assertThrows(SparkRows.InvalidRowException.class, () -> read(r, isFloat));
      assertEquals(
          "Column 'features' has a non-finite value NaN at step 0, feature 90", e.getMessage());
    }
  }
}
