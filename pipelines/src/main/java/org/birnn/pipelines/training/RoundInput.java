package org.birnn.pipelines.training;

import java.io.Serializable;

/**
 * The broadcast of one averaging round: the flat parameters and optimizer state every worker starts
 * from, and where in training the round is.
 *
 * @param spec the network
 * @param params flat parameters
 * @param state flat optimizer state
 * @param iterations optimizer steps taken so far
 * @param epoch 0-based epoch
 * @param round 0-based round within the epoch
 * @param frequency minibatches each worker trains this round
 * @param seed the training seed
 */
public record RoundInput(
    NetworkSpec spec,
    float[] params,
    float[] state,
    long iterations,
    int epoch,
    int round,
    int frequency,
    long seed)
    implements Serializable {}
