/**
 * Sequence tagging: a bidirectional recurrent tagger that labels every token ({@link
 * org.birnn.pipelines.tagging.BidirectionalRNNTagger}), optionally with a linear-chain CRF output,
 * and its evaluator ({@link org.birnn.pipelines.tagging.SequenceTaggingEvaluator}).
 */
package org.birnn.pipelines.tagging;
