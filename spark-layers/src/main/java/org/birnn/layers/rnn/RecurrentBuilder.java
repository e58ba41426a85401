package org.birnn.layers.rnn;

import java.util.Objects;
import java.util.function.Function;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.saving.config.LayerBuilder;

/**
 * Fluent builder of a recurrent layer's {@link RecurrentConfig}, with Keras 3 defaults; {@link
 * #build()} validates and returns the layer (or the config, from {@link
 * RecurrentConfig#builder(CellType)}).
 *
 * <pre>{@code
 * LSTM lstm = LSTM.builder().units(64).returnSequences(true).dropout(0.1).build();
 * }</pre>
 *
 * @param <L> what {@link #build()} returns
 */
public final class RecurrentBuilder<L> extends LayerBuilder<L, RecurrentBuilder<L>> {
  final CellType cellType;
  private final Function<RecurrentConfig, L> factory;

  RecurrentBuilder(CellType cellType, Function<RecurrentConfig, L> factory) {
    this.cellType = cellType;
    this.factory = factory;
  }

  /** Required: dimensionality of the output and of each state (&gt; 0). */
  public RecurrentBuilder<L> units(int units) {
    return set(RecurrentConfig.UNITS, units);
  }

  /** Output activation (default {@code tanh}). */
  public RecurrentBuilder<L> activation(Activation activation) {
    return set(
        RecurrentConfig.ACTIVATION,
        Objects.requireNonNull(activation, "activation (use LINEAR for none)"));
  }

  /** Gate activation of LSTM and GRU (default {@code sigmoid}); not a SimpleRNN argument. */
  public RecurrentBuilder<L> recurrentActivation(Activation recurrentActivation) {
    return set(
        RecurrentConfig.RECURRENT_ACTIVATION,
        Objects.requireNonNull(recurrentActivation, "recurrentActivation (use LINEAR for none)"));
  }

  /** Whether to use a bias (default true). */
  public RecurrentBuilder<L> useBias(boolean useBias) {
    return set(RecurrentConfig.USE_BIAS, useBias);
  }

  /** Return the whole sequence {@code [batch, time, units]} (default false: the last output). */
  public RecurrentBuilder<L> returnSequences(boolean returnSequences) {
    return set(RecurrentConfig.RETURN_SEQUENCES, returnSequences);
  }

  /** Also return the final states (default false). */
  public RecurrentBuilder<L> returnState(boolean returnState) {
    return set(RecurrentConfig.RETURN_STATE, returnState);
  }

  /** Process the sequence backwards and return it in processing order (default false). */
  public RecurrentBuilder<L> goBackwards(boolean goBackwards) {
    return set(RecurrentConfig.GO_BACKWARDS, goBackwards);
  }

  /** Carry final states over to the next batch (default false). */
  public RecurrentBuilder<L> stateful(boolean stateful) {
    return set(RecurrentConfig.STATEFUL, stateful);
  }

  /** Accepted for Keras compatibility (default false); it does not change the results. */
  public RecurrentBuilder<L> unroll(boolean unroll) {
    return set(RecurrentConfig.UNROLL, unroll);
  }

  /** Emit 0 rather than the previous output at masked steps (default false). */
  public RecurrentBuilder<L> zeroOutputForMask(boolean zeroOutputForMask) {
    return set(RecurrentConfig.ZERO_OUTPUT_FOR_MASK, zeroOutputForMask);
  }

  /** Kernel initializer (default {@code glorot_uniform}). */
  public RecurrentBuilder<L> kernelInitializer(Initializer init) {
    return set(
        RecurrentConfig.KERNEL_INITIALIZER, Objects.requireNonNull(init, "kernelInitializer"));
  }

  /** Recurrent kernel initializer (default {@code orthogonal}). */
  public RecurrentBuilder<L> recurrentInitializer(Initializer init) {
    return set(
        RecurrentConfig.RECURRENT_INITIALIZER,
        Objects.requireNonNull(init, "recurrentInitializer"));
  }

  /** Bias initializer (default {@code zeros}). */
  public RecurrentBuilder<L> biasInitializer(Initializer init) {
    return set(RecurrentConfig.BIAS_INITIALIZER, Objects.requireNonNull(init, "biasInitializer"));
  }

  /** LSTM only: forget-gate bias starts at exactly 1.0 (default true). */
  public RecurrentBuilder<L> unitForgetBias(boolean unitForgetBias) {
    return set(RecurrentConfig.UNIT_FORGET_BIAS, unitForgetBias);
  }

  /** Kernel penalty (default none). */
  public RecurrentBuilder<L> kernelRegularizer(Regularizer r) {
    return set(RecurrentConfig.KERNEL_REGULARIZER, r);
  }

  /** Recurrent kernel penalty (default none). */
  public RecurrentBuilder<L> recurrentRegularizer(Regularizer r) {
    return set(RecurrentConfig.RECURRENT_REGULARIZER, r);
  }

  /** Bias penalty (default none). */
  public RecurrentBuilder<L> biasRegularizer(Regularizer r) {
    return set(RecurrentConfig.BIAS_REGULARIZER, r);
  }

  /** Penalty on every output tensor (default none). */
  public RecurrentBuilder<L> activityRegularizer(Regularizer r) {
    return set(RecurrentConfig.ACTIVITY_REGULARIZER, r);
  }

  /** Input dropout rate, clamped into [0, 1] as Keras does (default 0). */
  public RecurrentBuilder<L> dropout(double dropout) {
    return set(RecurrentConfig.DROPOUT, dropout);
  }

  /** Recurrent dropout rate, clamped into [0, 1] as Keras does (default 0). */
  public RecurrentBuilder<L> recurrentDropout(double recurrentDropout) {
    return set(RecurrentConfig.RECURRENT_DROPOUT, recurrentDropout);
  }

  /** GRU only: reset gate after the recurrent product (default true, Keras 3). */
  public RecurrentBuilder<L> resetAfter(boolean resetAfter) {
    return set(RecurrentConfig.RESET_AFTER, resetAfter);
  }

  /** Seed of the dropout masks (default none: a fresh random stream). */
  public RecurrentBuilder<L> seed(Long seed) {
    return set(RecurrentConfig.SEED, seed);
  }

  /**
   * Validates the arguments and makes the layer (or config).
   *
   * @throws IllegalArgumentException naming the argument, the value received and what is valid
   */
  @Override
  public L build() {
    return factory.apply(new RecurrentConfig(cellType, given));
  }
}
