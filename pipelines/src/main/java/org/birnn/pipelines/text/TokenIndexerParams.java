package org.birnn.pipelines.text;

import org.apache.spark.ml.param.Param;
import org.birnn.pipelines.param.shared.HasHandleInvalid;
import org.birnn.pipelines.param.shared.HasInputCol;
import org.birnn.pipelines.param.shared.HasOutputCol;

/**
 * The params {@link TokenIndexer} and {@link TokenIndexerModel} share, with their accessors written
 * once (Spark finds params through these public methods, defaults included).
 */
public interface TokenIndexerParams extends HasInputCol, HasOutputCol, HasHandleInvalid {
  /** The holder of this stage's shared params. */
  TokenIndexerParamSet paramSet();

  @Override
  default Param<String> inputCol() {
    return paramSet().inputCol;
  }

  @Override
  default Param<String> outputCol() {
    return paramSet().outputCol;
  }

  @Override
  default Param<String> handleInvalid() {
    return paramSet().handleInvalid;
  }
}
