package org.birnn.pipelines.text;

import java.io.Serializable;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The {@code Param} instances of one {@link TokenIndexerParams} stage (a Java interface holds no
 * fields, so each stage keeps one of these) and their defaults.
 */
public final class TokenIndexerParamSet implements Serializable {
  private static final long serialVersionUID = 1L;
  final Param<String> inputCol;
  final Param<String> outputCol;
  final Param<String> handleInvalid;

  TokenIndexerParamSet(Params owner) {
    inputCol = new Param<>(owner, "inputCol", "input column of tokens, array<string>");
    outputCol = new Param<>(owner, "outputCol", "output column of token ids, array<int>");
    handleInvalid =
        new Param<>(
            owner,
            "handleInvalid",
            "null rows: 'error' fails, 'skip' drops the row, 'keep' maps it to an empty array",
            ParamValidators.inArray(new String[] {"error", "skip", "keep"}));
  }

  /** Sets the defaults through the owner's protected {@code setDefault}. */
  @SuppressWarnings("unchecked")
  void setDefaults(java.util.function.BiConsumer<Param<Object>, Object> setDefault) {
    setDefault.accept((Param<Object>) (Param<?>) inputCol, "tokens");
    setDefault.accept((Param<Object>) (Param<?>) outputCol, "ids");
    setDefault.accept((Param<Object>) (Param<?>) handleInvalid, "error");
  }
}
