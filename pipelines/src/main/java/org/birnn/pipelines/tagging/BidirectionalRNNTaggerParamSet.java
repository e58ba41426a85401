package org.birnn.pipelines.tagging;

import java.util.function.BiConsumer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.birnn.pipelines.param.SequenceModelParamSet;
import org.birnn.pipelines.spark.SequenceFeatures;

/**
 * The {@code Param} instances of one {@link BidirectionalRNNTaggerParams} stage, their defaults,
 * and the schema check estimator and model run on the driver before any job.
 */
public final class BidirectionalRNNTaggerParamSet extends SequenceModelParamSet {
  private static final long serialVersionUID = 1L;
  private final Params owner;
  final BooleanParam crf;

  BidirectionalRNNTaggerParamSet(Params owner) {
    super(
        owner,
        new Docs(
            "label column: one tag per token, array<string> (tag names) or array<int> (tag"
                + " indices 0, 1, ...), as long as the features' sequence",
            "prediction column: one tag per token, array<string> or array<int> as the labels were",
            "per-token tag probabilities column, array<vector> (for a CRF the per-token"
                + " marginals); '' = not written",
            "rows that cannot be used (null or empty sequence, null, negative or unseen token id,"
                + " null or non-finite step, mixed step widths, null tags, invalid tag, tag array"
                + " of another length than the sequence): 'error' fails naming the column and"
                + " value, 'skip' drops them, 'keep' keeps them (left out of training; scoring"
                + " maps unseen token ids to the out-of-vocabulary id 1 and gives the other rows a"
                + " null prediction)",
            "column for the network's learned representation of each token, the vectors its"
                + " per-token output layer reads (array<vector>, one per token); '' = not"
                + " written"));
    this.owner = owner;
    crf =
        new BooleanParam(
            owner,
            "crf",
            "end in a linear-chain CRF (tag transitions learned, Viterbi decoding) instead of a"
                + " per-token softmax");
  }

  /** Sets the defaults through the owner's protected {@code setDefault}. */
  void setDefaults(BiConsumer<Param<Object>, Object> setDefault) {
    setDefaults(setDefault, BidirectionalRNNTagger.class.getName().hashCode());
    put(setDefault, probabilityCol, "");
    put(setDefault, crf, false);
  }

  /** Whether a label column type holds tag names ({@code array<string>}) rather than indices. */
  static boolean namedTags(String col, DataType t) {
    if (t instanceof ArrayType a) {
      if (a.elementType() instanceof StringType) {
        return true;
      }
      if (a.elementType() instanceof IntegralType) {
        return false;
      }
    }
    throw new IllegalArgumentException(
        "Column '"
            + col
            + "' must hold one tag per token, array<string> or array<int>, but was "
            + t.catalogString());
  }

  /**
   * Checks the feature (and, when fitting, label) column types and that the output columns are
   * free; returns the output schema with predictions of tag names or indices.
   */
  StructType validateAndTransform(StructType schema, boolean fitting, boolean namedPredictions) {
    String features = owner.getOrDefault(featuresCol);
    requireColumn(schema, features);
    SequenceFeatures.kindOf(features, schema.apply(features).dataType());
    boolean named = namedPredictions;
    if (fitting) {
      String label = owner.getOrDefault(labelCol);
      requireColumn(schema, label);
      named = namedTags(label, schema.apply(label).dataType());
    }
    StructType out = schema;
    String prob = owner.getOrDefault(probabilityCol);
    if (!prob.isEmpty()) {
      out = addFree(out, prob, DataTypes.createArrayType(SQLDataTypes.VectorType(), false));
    }
    out =
        addFree(
            out,
            owner.getOrDefault(predictionCol),
            DataTypes.createArrayType(named ? DataTypes.StringType : DataTypes.IntegerType, false));
    String encoding = owner.getOrDefault(encodingCol);
    if (!encoding.isEmpty()) {
      out = addFree(out, encoding, DataTypes.createArrayType(SQLDataTypes.VectorType(), false));
    }
    return out;
  }
}
