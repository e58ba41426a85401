/**
 * Pooling layers ({@code keras/src/layers/pooling}): global average and max pooling over time,
 * mask-aware.
 */
package org.birnn.layers.pooling;
