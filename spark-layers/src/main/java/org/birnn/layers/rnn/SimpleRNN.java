package org.birnn.layers.rnn;

import org.birnn.layers.rnn.cells.SimpleRnnCell;

/**
 * Fully connected recurrent layer, Keras 3 {@code keras.layers.SimpleRNN}: {@code h' = tanh(x K + b
 * + h R)}. Weights {@code kernel [features, units]}, {@code recurrent_kernel [units, units]},
 * {@code bias [units]}; state {@code [h]}.
 *
 * <pre>{@code
 * SimpleRNN rnn = SimpleRNN.builder().units(8).activation(Activation.RELU).build();
 * }</pre>
 */
public final class SimpleRNN extends RNN {
  /** A layer from a validated config of cell type {@link CellType#SIMPLE_RNN}. */
  public SimpleRNN(RecurrentConfig config) {
    super(
        LSTM.requireType(config, CellType.SIMPLE_RNN),
        new SimpleRnnCell(config.units(), config.activation()));
  }

  /** A builder with Keras 3 defaults. */
  public static RecurrentBuilder<SimpleRNN> builder() {
    return new RecurrentBuilder<>(CellType.SIMPLE_RNN, SimpleRNN::new);
  }

  /** {@code SimpleRNN(units)} with every other argument at its default. */
  public static SimpleRNN of(int units) {
    return builder().units(units).build();
  }
}
