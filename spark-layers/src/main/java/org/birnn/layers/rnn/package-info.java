/**
 * Recurrent layers ({@code keras/src/layers/rnn}): {@link org.birnn.layers.rnn.RecurrentLayer} (the
 * contract), {@link org.birnn.layers.rnn.RNN} (runs a cell over time) with {@link
 * org.birnn.layers.rnn.LSTM}, {@link org.birnn.layers.rnn.GRU} and {@link
 * org.birnn.layers.rnn.SimpleRNN}, and the {@link org.birnn.layers.rnn.Bidirectional} wrapper with
 * its {@link org.birnn.layers.rnn.MergeMode}. Input {@code [batch, time, features]}, mask {@code
 * [batch, time]}, states {@code [batch, units]}.
 */
package org.birnn.layers.rnn;
