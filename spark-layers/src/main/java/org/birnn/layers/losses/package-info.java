/** Keras 3 losses with reduction {@code sum_over_batch_size} and masking. */
package org.birnn.layers.losses;
