/**
 * Merging layers ({@code keras/src/layers/merging}): {@link org.birnn.layers.merging.Concatenate}
 * and {@link org.birnn.layers.merging.Add}, with Keras 3 mask propagation.
 */
package org.birnn.layers.merging;
