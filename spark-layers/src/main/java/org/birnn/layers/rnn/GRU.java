package org.birnn.layers.rnn;

import org.birnn.layers.rnn.cells.GruCell;

/**
 * Gated recurrent unit layer (Cho et al., 2014), Keras 3 {@code keras.layers.GRU}.
 *
 * <p>Gate blocks {@code z, r, h}; {@code h' = z h + (1 - z) hh}. With {@code reset_after=true} (the
 * default; cuDNN- and PyTorch-compatible formula) {@code hh = tanh(x K_h + b_h + r (h R_h + b'_h))}
 * and {@code bias} is {@code [2, 3*units]} (input row, recurrent row); with {@code
 * reset_after=false}, {@code hh = tanh(x K_h + b_h + (r h) R_h)} and {@code bias} is {@code
 * [3*units]}. State {@code [h]}.
 *
 * <pre>{@code
 * GRU gru = GRU.builder().units(32).resetAfter(false).build();
 * }</pre>
 */
public final class GRU extends RNN {
  /** A layer from a validated config of cell type {@link CellType#GRU}. */
  public GRU(RecurrentConfig config) {
    super(
        LSTM.requireType(config, CellType.GRU),
        new GruCell(
            config.units(),
            config.activation(),
            config.recurrentActivation(),
            config.resetAfter()));
  }

  /** A builder with Keras 3 defaults. */
  public static RecurrentBuilder<GRU> builder() {
    return new RecurrentBuilder<>(CellType.GRU, GRU::new);
  }

  /** {@code GRU(units)} with every other argument at its default. */
  public static GRU of(int units) {
    return builder().units(units).build();
  }
}
