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
 * @param patience epochs without validation improvement before stopping (with validation data)
 * @param checkpointDir where to checkpoint, or {@code null}
 * @param checkpointInterval rounds between checkpoints
 */
public record TrainingPlan(
    int epochs,
    int frequency,
    boolean averageOptimizerState,
    int aggregationDepth,
    long seed,
    int patience,
    String checkpointDir,
    int checkpointInterval)
    implements Serializable {}
