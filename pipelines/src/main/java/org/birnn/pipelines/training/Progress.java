package org.birnn.pipelines.training;

/**
 * Where a distributed fit stands between two rounds: the next round to run and the state it starts
 * from.
 *
 * @param epoch epoch of the next round (0-based)
 * @param round round within that epoch (0-based)
 * @param globalRound rounds completed in all
 * @param iterations optimizer steps taken
 * @param params flat parameters {@code [n]}
 * @param state flat optimizer state (empty when it restarts every round)
 */
public record Progress(
    int epoch, int round, int globalRound, long iterations, float[] params, float[] state) {}
