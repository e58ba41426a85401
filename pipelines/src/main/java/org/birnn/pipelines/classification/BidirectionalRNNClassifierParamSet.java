package org.birnn.pipelines.classification;

import java.util.function.BiConsumer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.param.SequenceModelParamSet;
import org.birnn.pipelines.spark.SequenceFeatures;

/**
 * The {@code Param} instances of one {@link BidirectionalRNNClassifierParams} stage (a Java
 * interface holds no fields, so each stage keeps one of these), their defaults, and the schema
 * check estimator and model run on the driver before any job.
 */
public final class BidirectionalRNNClassifierParamSet extends SequenceModelParamSet {
  private static final long serialVersionUID = 1L;
  private final Params owner;
  final Param<String> rawPredictionCol;
  final IntParam maxClasses;

  BidirectionalRNNClassifierParamSet(Params owner) {
    super(
        owner,
        new Docs(
            "label column: class index 0, 1, ... (numeric)",
            "prediction column (double class index)",
            "class probabilities column (vector)",
            "rows that cannot be used (null or empty sequence, null, negative or unseen token id,"
                + " null or non-finite step, mixed step widths, null or invalid label): 'error'"
                + " fails naming the column and value, 'skip' drops them, 'keep' keeps them (left"
                + " out of training; scoring maps unseen token ids to the out-of-vocabulary id 1"
                + " and gives the other rows a NaN prediction)",
            "column for the network's learned representation of each sequence, the vector its"
                + " output layer reads (an MLlib vector, for downstream MLlib stages); '' = not"
                + " written"));
    this.owner = owner;
    rawPredictionCol =
        new Param<>(
            owner, "rawPredictionCol", "raw class scores column (vector of log-probabilities)");
    maxClasses =
        new IntParam(
            owner,
            "maxClasses",
            "most classes a fit accepts (largest label + 1), a guard against stray labels (>= 2)",
            ParamValidators.gtEq(2));
  }

  /** Sets the defaults through the owner's protected {@code setDefault}. */
  void setDefaults(BiConsumer<Param<Object>, Object> setDefault) {
    setDefaults(setDefault, BidirectionalRNNClassifier.class.getName().hashCode());
    put(setDefault, rawPredictionCol, "rawPrediction");
    put(setDefault, maxClasses, 1000);
  }

  /**
   * Checks the feature (and, when fitting, label) column types and that the output columns are
   * free; returns the output schema.
   */
  StructType validateAndTransform(StructType schema, boolean fitting) {
    String features = owner.getOrDefault(featuresCol);
    requireColumn(schema, features);
    SequenceFeatures.kindOf(features, schema.apply(features).dataType());
    if (fitting) {
      String label = owner.getOrDefault(labelCol);
      requireColumn(schema, label);
      SequenceFeatures.checkLabel(label, schema.apply(label).dataType());
    }
    StructType out = schema;
    out = addFree(out, owner.getOrDefault(rawPredictionCol), SQLDataTypes.VectorType());
    out = addFree(out, owner.getOrDefault(probabilityCol), SQLDataTypes.VectorType());
    out = addFree(out, owner.getOrDefault(predictionCol), DataTypes.DoubleType);
    String encoding = owner.getOrDefault(encodingCol);
    if (!encoding.isEmpty()) {
      out = addFree(out, encoding, SQLDataTypes.VectorType());
    }
    return out;
  }
}
