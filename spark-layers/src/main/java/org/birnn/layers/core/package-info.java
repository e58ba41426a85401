/**
 * Core layers, as in {@code keras.layers} core: {@link org.birnn.layers.core.Dense}, {@link
 * org.birnn.layers.core.Embedding} (with {@code mask_zero}), {@link org.birnn.layers.core.Masking}
 * and {@link org.birnn.layers.core.InputLayer}. Shapes follow Keras ({@code [batch, ...,
 * features]}).
 */
package org.birnn.layers.core;
