package org.birnn.pipelines.training;

import java.io.Serializable;

/**
 * One training row: a sequence (token ids, or vectors of {@code dim} features flattened in time
 * order) and its class index.
 *
 * @param values ids ({@code dim == 0}) or {@code length * dim} features
 * @param length time steps
 * @param dim features per step, 0 for token ids
 * @param label class index
 */
public record SequenceExample(float[] values, int length, int dim, int label)
    implements Serializable {}
