package org.birnn.layers.rnn;

import java.util.Objects;
import java.util.function.Function;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.regularizers.Regularizer;

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
public final class RecurrentBuilder<L> {
  final CellType cellType;
  private final Function<RecurrentConfig, L> factory;
  String name;
  boolean trainable = true;
  String dtype = "float32";
  boolean returnSequences;
  boolean returnState;
  boolean goBackwards;
  boolean stateful;
  boolean unroll;
  boolean zeroOutputForMask;
  int units = -1;
  Activation activation = Activation.TANH;
  Activation recurrentActivation = Activation.SIGMOID;
  boolean explicitRecurrentActivation;
  boolean useBias = true;
  Initializer kernelInitializer = Initializer.glorotUniform(null);
  Initializer recurrentInitializer = Initializer.orthogonal(1.0, null);
  Initializer biasInitializer = Initializer.zeros();
  boolean unitForgetBias = true;
  boolean explicitUnitForgetBias;
  Regularizer kernelRegularizer;
  Regularizer recurrentRegularizer;
  Regularizer biasRegularizer;
  Regularizer activityRegularizer;
  double dropout;
  double recurrentDropout;
  boolean resetAfter = true;
  boolean explicitResetAfter;
  Long seed;

  RecurrentBuilder(CellType cellType, Function<RecurrentConfig, L> factory) {
    this.cellType = cellType;
    this.factory = factory;
  }

  /** Layer name; default {@code lstm}, {@code lstm_1}, ... (unique in this JVM). */
  public RecurrentBuilder<L> name(String name) {
    this.name = name;
    return this;
  }

  /** Whether the weights are trained (default true). */
  public RecurrentBuilder<L> trainable(boolean trainable) {
    this.trainable = trainable;
    return this;
  }

  /** {@code "float32"} (default) or {@code "float64"}. */
  public RecurrentBuilder<L> dtype(String dtype) {
    this.dtype = dtype;
    return this;
  }

  /** Required: dimensionality of the output and of each state (&gt; 0). */
  public RecurrentBuilder<L> units(int units) {
    this.units = units;
    return this;
  }

  /** Output activation (default {@code tanh}). */
  public RecurrentBuilder<L> activation(Activation activation) {
    this.activation = Objects.requireNonNull(activation, "activation (use LINEAR for none)");
    return this;
  }

  /** Gate activation of LSTM and GRU (default {@code sigmoid}); not a SimpleRNN argument. */
  public RecurrentBuilder<L> recurrentActivation(Activation recurrentActivation) {
    this.recurrentActivation =
        Objects.requireNonNull(recurrentActivation, "recurrentActivation (use LINEAR for none)");
    this.explicitRecurrentActivation = true;
    return this;
  }

  /** Whether to use a bias (default true). */
  public RecurrentBuilder<L> useBias(boolean useBias) {
    this.useBias = useBias;
    return this;
  }

  /** Return the whole sequence {@code [batch, time, units]} (default false: the last output). */
  public RecurrentBuilder<L> returnSequences(boolean returnSequences) {
    this.returnSequences = returnSequences;
    return this;
  }

  /** Also return the final states (default false). */
  public RecurrentBuilder<L> returnState(boolean returnState) {
    this.returnState = returnState;
    return this;
  }

  /** Process the sequence backwards and return it in processing order (default false). */
  public RecurrentBuilder<L> goBackwards(boolean goBackwards) {
    this.goBackwards = goBackwards;
    return this;
  }

  /** Carry final states over to the next batch (default false). */
  public RecurrentBuilder<L> stateful(boolean stateful) {
    this.stateful = stateful;
    return this;
  }

  /** Accepted for Keras compatibility (default false); it does not change the results. */
  public RecurrentBuilder<L> unroll(boolean unroll) {
    this.unroll = unroll;
    return this;
  }

  /** Emit 0 rather than the previous output at masked steps (default false). */
  public RecurrentBuilder<L> zeroOutputForMask(boolean zeroOutputForMask) {
    this.zeroOutputForMask = zeroOutputForMask;
    return this;
  }

  /** Kernel initializer (default {@code glorot_uniform}). */
  public RecurrentBuilder<L> kernelInitializer(Initializer init) {
    this.kernelInitializer = Objects.requireNonNull(init, "kernelInitializer");
    return this;
  }

  /** Recurrent kernel initializer (default {@code orthogonal}). */
  public RecurrentBuilder<L> recurrentInitializer(Initializer init) {
    this.recurrentInitializer = Objects.requireNonNull(init, "recurrentInitializer");
    return this;
  }

  /** Bias initializer (default {@code zeros}). */
  public RecurrentBuilder<L> biasInitializer(Initializer init) {
    this.biasInitializer = Objects.requireNonNull(init, "biasInitializer");
    return this;
  }

  /** LSTM only: forget-gate bias starts at exactly 1.0 (default true). */
  public RecurrentBuilder<L> unitForgetBias(boolean unitForgetBias) {
    this.unitForgetBias = unitForgetBias;
    this.explicitUnitForgetBias = true;
    return this;
  }

  /** Kernel penalty (default none). */
  public RecurrentBuilder<L> kernelRegularizer(Regularizer r) {
    this.kernelRegularizer = r;
    return this;
  }

  /** Recurrent kernel penalty (default none). */
  public RecurrentBuilder<L> recurrentRegularizer(Regularizer r) {
    this.recurrentRegularizer = r;
    return this;
  }

  /** Bias penalty (default none). */
  public RecurrentBuilder<L> biasRegularizer(Regularizer r) {
    this.biasRegularizer = r;
    return this;
  }

  /** Penalty on every output tensor (default none). */
  public RecurrentBuilder<L> activityRegularizer(Regularizer r) {
    this.activityRegularizer = r;
    return this;
  }

  /** Input dropout rate, clamped into [0, 1] as Keras does (default 0). */
  public RecurrentBuilder<L> dropout(double dropout) {
    this.dropout = dropout;
    return this;
  }

  /** Recurrent dropout rate, clamped into [0, 1] as Keras does (default 0). */
  public RecurrentBuilder<L> recurrentDropout(double recurrentDropout) {
    this.recurrentDropout = recurrentDropout;
    return this;
  }

  /** GRU only: reset gate after the recurrent product (default true, Keras 3). */
  public RecurrentBuilder<L> resetAfter(boolean resetAfter) {
    this.resetAfter = resetAfter;
    this.explicitResetAfter = true;
    return this;
  }

  /** Seed of the dropout masks (default none: a fresh random stream). */
  public RecurrentBuilder<L> seed(Long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Validates and builds.
   *
   * @throws IllegalArgumentException naming the argument, the value received and what is expected
   */
  public L build() {
    String owner = cellType.className();
    if (units <= 0) {
      throw new IllegalArgumentException(
          owner + ": units must be a positive integer; received units=" + units);
    }
    if (!"float32".equals(dtype) && !"float64".equals(dtype)) {
      throw new IllegalArgumentException(
          owner + ": dtype must be \"float32\" or \"float64\"; received \"" + dtype + "\"");
    }
    if (Double.isNaN(dropout) || Double.isNaN(recurrentDropout)) {
      throw new IllegalArgumentException(
          owner
              + ": dropout rates must be numbers in [0, 1]; received dropout="
              + dropout
              + ", recurrent_dropout="
              + recurrentDropout);
    }
    if (cellType == CellType.SIMPLE_RNN && explicitRecurrentActivation) {
      throw new IllegalArgumentException(
          "SimpleRNN has no recurrent_activation argument; received " + recurrentActivation);
    }
    if (cellType != CellType.LSTM && explicitUnitForgetBias) {
      throw new IllegalArgumentException(
          owner + " has no unit_forget_bias argument (LSTM only); received " + unitForgetBias);
    }
    if (cellType != CellType.GRU && explicitResetAfter) {
      throw new IllegalArgumentException(
          owner + " has no reset_after argument (GRU only); received " + resetAfter);
    }
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException(owner + ": name must not be empty");
    }
    return factory.apply(new RecurrentConfig(this));
  }
}
