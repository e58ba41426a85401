/**
 * Keras 3 layers on ND4J: the recurrent layers {@link org.birnn.layers.rnn.LSTM}, {@link
 * org.birnn.layers.rnn.GRU} and {@link org.birnn.layers.rnn.SimpleRNN} (a cell run by the loop in
 * {@link org.birnn.layers.rnn.RNN}), the {@link org.birnn.layers.rnn.Bidirectional} wrapper, and
 * the layers models need around them ({@link org.birnn.layers.core.Dense}, {@link
 * org.birnn.layers.core.Embedding}, ...).
 *
 * <p>Shapes follow Keras: sequences {@code [batch, time, features]}, masks {@code [batch, time]},
 * weights in Keras order and layout. Configs read and write Keras 3 JSON.
 */
package org.birnn.layers;
