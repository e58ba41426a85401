package org.birnn.layers.rnn;

import org.birnn.layers.rnn.cells.LstmCell;

/**
 * Long short-term memory layer (Hochreiter and Schmidhuber, 1997), Keras 3 {@code
 * keras.layers.LSTM}.
 *
 * <p>Per step, with gate blocks {@code i, f, c, o} of {@code z = x K + h R + b}: {@code c' = σ(z_f)
 * c + σ(z_i) tanh(z_c)}, {@code h' = σ(z_o) tanh(c')}. Weights: {@code kernel [features, 4*units]},
 * {@code recurrent_kernel [units, 4*units]}, {@code bias [4*units]}; states {@code [h, c]}. See
 * {@link RNN} for shapes, masking and dropout, {@link RecurrentBuilder} for arguments and defaults.
 *
 * <pre>{@code
 * LSTM lstm = LSTM.builder().units(10).returnSequences(true).build();
 * }</pre>
 */
public final class LSTM extends RNN {
  /** A layer from a validated config of cell type {@link CellType#LSTM}. */
  public LSTM(RecurrentConfig config) {
    super(
        requireType(config, CellType.LSTM),
        new LstmCell(config.units(), config.activation(), config.recurrentActivation()));
  }

  /** A builder with Keras 3 defaults. */
  public static RecurrentBuilder<LSTM> builder() {
    return new RecurrentBuilder<>(CellType.LSTM, LSTM::new);
  }

  /** {@code LSTM(units)} with every other argument at its default. */
  public static LSTM of(int units) {
    return builder().units(units).build();
  }

  static RecurrentConfig requireType(RecurrentConfig config, CellType type) {
    if (config.cellType() != type) {
      throw new IllegalArgumentException(
          type.className()
              + " needs a config of cell type "
              + type
              + "; received "
              + config.cellType());
    }
    return config;
  }
}
