package org.birnn.pipelines.classification;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Holder of the params shared by the classifier and its model (columns, invalid-row handling,
 * inference batch size, truncation), and the schema check both run on the driver before any job.
 */
public final class ColumnParams implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Params owner;
  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;
  final Param<String> rawPredictionCol;
  final Param<String> handleInvalid;
  final IntParam batchSize;
  final IntParam maxSequenceLength;

  ColumnParams(Params owner) {
    this.owner = owner;
    featuresCol =
        new Param<>(owner, "featuresCol", "features column: " + SequenceFeatures.EXPECTED);
    labelCol = new Param<>(owner, "labelCol", "label column: class index 0, 1, ... (numeric)");
    predictionCol = new Param<>(owner, "predictionCol", "prediction column (double class index)");
    probabilityCol = new Param<>(owner, "probabilityCol", "class probabilities column (vector)");
    rawPredictionCol =
        new Param<>(
            owner, "rawPredictionCol", "raw class scores column (vector of log-probabilities)");
    handleInvalid =
        new Param<>(
            owner,
            "handleInvalid",
            "rows with null or empty sequences: 'error' fails naming the column, 'skip' drops them,"
                + " 'keep' keeps them (ignored in training; NaN prediction when scoring)",
            ParamValidators.inArray(new String[] {"error", "skip", "keep"}));
    batchSize =
        new IntParam(
            owner, "batchSize", "sequences per minibatch and worker (> 0)", ParamValidators.gt(0));
    maxSequenceLength =
        new IntParam(
            owner,
            "maxSequenceLength",
            "keep at most this many steps of a sequence; 0 never truncates (>= 0)",
            ParamValidators.gtEq(0));
  }

  /** Sets the defaults through the owner's protected {@code setDefault}. */
  void setDefaults(java.util.function.BiConsumer<Param<Object>, Object> setDefault) {
    put(setDefault, featuresCol, "features");
    put(setDefault, labelCol, "label");
    put(setDefault, predictionCol, "prediction");
    put(setDefault, probabilityCol, "probability");
    put(setDefault, rawPredictionCol, "rawPrediction");
    put(setDefault, handleInvalid, "error");
    put(setDefault, batchSize, 32);
    put(setDefault, maxSequenceLength, 0);
  }

  @SuppressWarnings("unchecked")
  private static void put(
      java.util.function.BiConsumer<Param<Object>, Object> f, Param<?> p, Object v) {
    f.accept((Param<Object>) p, v);
  }

  String get(Param<String> p) {
    return owner.getOrDefault(p);
  }

  int getInt(IntParam p) {
    return (Integer) owner.getOrDefault(p);
  }

  /**
   * Checks the feature (and, when fitting, label) column types and that the output columns are
   * free; returns the output schema.
   */
  StructType validateAndTransform(StructType schema, boolean fitting) {
    String features = get(featuresCol);
    requireColumn(schema, features);
    SequenceFeatures.kindOf(features, schema.apply(features).dataType());
    if (fitting) {
      String label = get(labelCol);
      requireColumn(schema, label);
      SequenceFeatures.checkLabel(label, schema.apply(label).dataType());
    }
    StructType out = schema;
    out = addFree(out, get(rawPredictionCol), SQLDataTypes.VectorType());
    out = addFree(out, get(probabilityCol), SQLDataTypes.VectorType());
    out = addFree(out, get(predictionCol), DataTypes.DoubleType);
    return out;
  }

  private static void requireColumn(StructType schema, String col) {
    if (!Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException(
          "Column '"
              + col
              + "' does not exist; available columns: "
              + Arrays.toString(schema.fieldNames()));
    }
  }

  private static StructType addFree(
      StructType schema, String col, org.apache.spark.sql.types.DataType t) {
    if (Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("Output column '" + col + "' already exists");
    }
    return schema.add(col, t, true);
  }
}
