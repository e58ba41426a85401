/**
 * The bidirectional recurrent classifier for Spark ML pipelines: {@link
 * org.birnn.pipelines.classification.BidirectionalRNNClassifier} and its model.
 */
package org.birnn.pipelines.classification;
