package org.birnn.pipelines.tagging;

import org.apache.spark.ml.param.BooleanParam;
import org.birnn.pipelines.param.SequenceModelParams;

/**
 * The params of {@link BidirectionalRNNTagger} and {@link BidirectionalRNNTaggerModel}: those of
 * every sequence stage and {@code crf}.
 */
public interface BidirectionalRNNTaggerParams extends SequenceModelParams {
  /** This stage's param instances. */
  @Override
  BidirectionalRNNTaggerParamSet paramSet();

  /** {@code crf} (default false). */
  default BooleanParam crf() {
    return paramSet().crf;
  }

  /** The value of {@code crf} or its default. */
  default boolean getCrf() {
    return (Boolean) getOrDefault(crf());
  }
}
