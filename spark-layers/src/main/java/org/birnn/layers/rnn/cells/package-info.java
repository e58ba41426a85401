/**
 * One-step recurrent cells (LSTM, GRU in both reset variants, SimpleRNN) with their backward steps;
 * {@link org.birnn.layers.rnn.RNN} runs them over time.
 */
package org.birnn.layers.rnn.cells;
