/**
 * Keras 3 layers on ND4J: the recurrent layers {@link org.birnn.layers.LSTM}, {@link
 * org.birnn.layers.GRU} and {@link org.birnn.layers.SimpleRNN} (a cell run by the loop in {@link
 * org.birnn.layers.RNN}), the {@link org.birnn.layers.Bidirectional} wrapper, and the layers models
 * need around them ({@link org.birnn.layers.Dense}, {@link org.birnn.layers.Embedding}, ...).
 *
 * <p>Shapes follow Keras: sequences {@code [batch, time, features]}, masks {@code [batch, time]},
 * weights in Keras order and layout. Configs read and write Keras 3 JSON.
 */
package org.birnn.layers;
