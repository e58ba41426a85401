package org.birnn.pipelines.training;

import java.io.Serializable;

/**
 * The settings of a distributed fit.
 *
 * @param epochs passes over the data
 * @param frequency local minibatches per worker between two averages
 * @param averageOptimizerState average the optimizer state too (else it restarts every round)
 * @param aggregationDepth depth of {@code treeAggregate}
 * @param seed the training seed
 */
public record TrainingPlan(
    int epochs, int frequency, boolean averageOptimizerState, int aggregationDepth, long seed)
    implements Serializable {}
