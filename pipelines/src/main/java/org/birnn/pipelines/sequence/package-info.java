/**
 * What the sequence stages (the classifier and the tagger) share around the training engine: the
 * distributed fit driven by their common params ({@link org.birnn.pipelines.sequence.SequenceFit}),
 * the one pass over the data that counts what sizes the network ({@link
 * org.birnn.pipelines.sequence.DataStats}) while it places the rows on their workers ({@link
 * org.birnn.pipelines.sequence.TrainingRows}), and the architecture the params describe ({@link
 * org.birnn.pipelines.sequence.SequenceNetworks}).
 */
package org.birnn.pipelines.sequence;
