/**
 * Keras models: {@link org.birnn.layers.models.Sequential} and functional {@link
 * org.birnn.layers.models.Model} graphs, training ({@code fit}, {@code evaluate}, {@code predict}),
 * Keras JSON and saving to one checksummed file.
 */
package org.birnn.layers.models;
