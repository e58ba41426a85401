package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.internal.LayerNames;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.saving.KerasJson;

/**
 * The immutable configuration of an {@link LSTM}, {@link GRU} or {@link SimpleRNN} layer: every
 * Keras 3 argument, validated once in {@link RecurrentBuilder#build()} (which {@link #fromJson}
 * also uses), and written back as Keras 3 JSON with the keys in Keras order (KERAS_SPEC SER6).
 *
 * <p>Defaults are Keras 3's: {@code activation="tanh"}, {@code recurrent_activation="sigmoid"},
 * {@code use_bias=true}, {@code glorot_uniform} / {@code orthogonal} / {@code zeros} initializers,
 * {@code unit_forget_bias=true} (LSTM), {@code reset_after=true} (GRU), no regularizers, dropout 0,
 * every flag false.
 */
public final class RecurrentConfig {
  private static final Set<String> COMMON_KEYS =
      Set.of(
          "name",
          "trainable",
          "dtype",
          "return_sequences",
          "return_state",
          "go_backwards",
          "stateful",
          "unroll",
          "zero_output_for_mask",
          "units",
          "activation",
          "use_bias",
          "kernel_initializer",
          "recurrent_initializer",
          "bias_initializer",
          "kernel_regularizer",
          "recurrent_regularizer",
          "bias_regularizer",
          "activity_regularizer",
          "kernel_constraint",
          "recurrent_constraint",
          "bias_constraint",
          "dropout",
          "recurrent_dropout",
          "seed",
          // Written by tf-keras / Keras 2 or by Keras for the first layer; read and ignored.
          "implementation",
          "time_major",
          "batch_input_shape",
          "input_shape",
          "input_dim",
          "batch_size",
          "use_cudnn");

  final CellType cellType;
  final String name;
  final boolean trainable;
  final String dtype;
  final boolean returnSequences;
  final boolean returnState;
  final boolean goBackwards;
  final boolean stateful;
  final boolean unroll;
  final boolean zeroOutputForMask;
  final int units;
  final Activation activation;
  final Activation recurrentActivation;
  final boolean useBias;
  final Initializer kernelInitializer;
  final Initializer recurrentInitializer;
  final Initializer biasInitializer;
  final boolean unitForgetBias;
  final Regularizer kernelRegularizer;
  final Regularizer recurrentRegularizer;
  final Regularizer biasRegularizer;
  final Regularizer activityRegularizer;
  final double dropout;
  final double recurrentDropout;
  final boolean resetAfter;
  final Long seed;

  RecurrentConfig(RecurrentBuilder<?> b) {
    cellType = b.cellType;
    name = b.name != null ? b.name : LayerNames.unique(b.cellType.baseName());
    trainable = b.trainable;
    dtype = b.dtype;
    returnSequences = b.returnSequences;
    returnState = b.returnState;
    goBackwards = b.goBackwards;
    stateful = b.stateful;
    unroll = b.unroll;
    zeroOutputForMask = b.zeroOutputForMask;
    units = b.units;
    activation = b.activation;
    recurrentActivation = b.recurrentActivation;
    useBias = b.useBias;
    kernelInitializer = b.kernelInitializer;
    recurrentInitializer = b.recurrentInitializer;
    biasInitializer = b.biasInitializer;
    unitForgetBias = b.unitForgetBias;
    kernelRegularizer = b.kernelRegularizer;
    recurrentRegularizer = b.recurrentRegularizer;
    biasRegularizer = b.biasRegularizer;
    activityRegularizer = b.activityRegularizer;
    // Keras clamps both rates into [0, 1] at construction (KERAS_SPEC DO1).
    dropout = Math.min(1.0, Math.max(0.0, b.dropout));
    recurrentDropout = Math.min(1.0, Math.max(0.0, b.recurrentDropout));
    resetAfter = b.resetAfter;
    seed = b.seed;
  }

  /** A builder with Keras 3 defaults for the given cell type; {@code build()} gives the config. */
  public static RecurrentBuilder<RecurrentConfig> builder(CellType cellType) {
    return new RecurrentBuilder<>(Objects.requireNonNull(cellType, "cellType"), c -> c);
  }

  /** A builder holding this config's values, to derive a modified copy. */
  public RecurrentBuilder<RecurrentConfig> toBuilder() {
    RecurrentBuilder<RecurrentConfig> b = builder(cellType);
    b.name = name;
    b.trainable = trainable;
    b.dtype = dtype;
    b.returnSequences = returnSequences;
    b.returnState = returnState;
    b.goBackwards = goBackwards;
    b.stateful = stateful;
    b.unroll = unroll;
    b.zeroOutputForMask = zeroOutputForMask;
    b.units = units;
    b.activation = activation;
    b.recurrentActivation = recurrentActivation;
    b.useBias = useBias;
    b.kernelInitializer = kernelInitializer;
    b.recurrentInitializer = recurrentInitializer;
    b.biasInitializer = biasInitializer;
    b.unitForgetBias = unitForgetBias;
    b.kernelRegularizer = kernelRegularizer;
    b.recurrentRegularizer = recurrentRegularizer;
    b.biasRegularizer = biasRegularizer;
    b.activityRegularizer = activityRegularizer;
    b.dropout = dropout;
    b.recurrentDropout = recurrentDropout;
    b.resetAfter = resetAfter;
    b.seed = seed;
    return b;
  }

  // ---- accessors (Keras argument names in camelCase) ----

  /** The cell family. */
  public CellType cellType() {
    return cellType;
  }

  /** The layer name. */
  public String name() {
    return name;
  }

  /** Whether the weights are trained. */
  public boolean trainable() {
    return trainable;
  }

  /** {@code "float32"} (default) or {@code "float64"}. */
  public String dtype() {
    return dtype;
  }

  /** Return the whole output sequence {@code [batch, time, units]} rather than the last step. */
  public boolean returnSequences() {
    return returnSequences;
  }

  /** Also return the final states. */
  public boolean returnState() {
    return returnState;
  }

  /** Process time steps {@code T-1 ... 0} and return the sequence in that order. */
  public boolean goBackwards() {
    return goBackwards;
  }

  /** Carry the final states of one batch over as the initial states of the next. */
  public boolean stateful() {
    return stateful;
  }

  /** Accepted for Keras compatibility; the loop is the same either way. */
  public boolean unroll() {
    return unroll;
  }

  /** Emit exactly 0 (instead of the previous output) at masked steps. */
  public boolean zeroOutputForMask() {
    return zeroOutputForMask;
  }

  /** Dimensionality of the output and of each state. */
  public int units() {
    return units;
  }

  /** The output activation ({@code tanh} by default). */
  public Activation activation() {
    return activation;
  }

  /** The gate activation of LSTM and GRU ({@code sigmoid} by default). */
  public Activation recurrentActivation() {
    return recurrentActivation;
  }

  /** Whether the layer has a bias. */
  public boolean useBias() {
    return useBias;
  }

  /** Initializer of {@code kernel [input, gates * units]}. */
  public Initializer kernelInitializer() {
    return kernelInitializer;
  }

  /** Initializer of {@code recurrent_kernel [units, gates * units]}. */
  public Initializer recurrentInitializer() {
    return recurrentInitializer;
  }

  /** Initializer of the bias. */
  public Initializer biasInitializer() {
    return biasInitializer;
  }

  /** LSTM: initialize the forget-gate bias block to exactly 1.0. */
  public boolean unitForgetBias() {
    return unitForgetBias;
  }

  /** Penalty on the kernel, or {@code null}. */
  public Regularizer kernelRegularizer() {
    return kernelRegularizer;
  }

  /** Penalty on the recurrent kernel, or {@code null}. */
  public Regularizer recurrentRegularizer() {
    return recurrentRegularizer;
  }

  /** Penalty on the bias, or {@code null}. */
  public Regularizer biasRegularizer() {
    return biasRegularizer;
  }

  /** Penalty on every output tensor of the layer, or {@code null}. */
  public Regularizer activityRegularizer() {
    return activityRegularizer;
  }

  /** Fraction of input features dropped in training, in [0, 1]. */
  public double dropout() {
    return dropout;
  }

  /** Fraction of recurrent state features dropped in training, in [0, 1]. */
  public double recurrentDropout() {
    return recurrentDropout;
  }

  /** GRU: apply the reset gate after the recurrent matrix product (Keras 3 default true). */
  public boolean resetAfter() {
    return resetAfter;
  }

  /** Seed of the dropout masks, or {@code null}. */
  public Long seed() {
    return seed;
  }

  // ---- JSON ----

  /** The Keras 3 {@code config} dict, keys in Keras order. */
  public ObjectNode toJson() {
    ObjectNode c = KerasJson.object();
    c.put("name", name);
    c.put("trainable", trainable);
    c.set("dtype", KerasJson.dtypePolicy(dtype));
    c.put("return_sequences", returnSequences);
    c.put("return_state", returnState);
    c.put("go_backwards", goBackwards);
    c.put("stateful", stateful);
    c.put("unroll", unroll);
    c.put("zero_output_for_mask", zeroOutputForMask);
    c.put("units", units);
    c.put("activation", activation.kerasName());
    if (cellType != CellType.SIMPLE_RNN) {
      c.put("recurrent_activation", recurrentActivation.kerasName());
    }
    c.put("use_bias", useBias);
    c.set("kernel_initializer", kernelInitializer.toJson());
    c.set("recurrent_initializer", recurrentInitializer.toJson());
    c.set("bias_initializer", biasInitializer.toJson());
    if (cellType == CellType.LSTM) {
      c.put("unit_forget_bias", unitForgetBias);
    }
    putRegularizer(c, "kernel_regularizer", kernelRegularizer);
    putRegularizer(c, "recurrent_regularizer", recurrentRegularizer);
    putRegularizer(c, "bias_regularizer", biasRegularizer);
    putRegularizer(c, "activity_regularizer", activityRegularizer);
    c.putNull("kernel_constraint");
    c.putNull("recurrent_constraint");
    c.putNull("bias_constraint");
    c.put("dropout", dropout);
    c.put("recurrent_dropout", recurrentDropout);
    if (cellType == CellType.GRU) {
      c.put("reset_after", resetAfter);
    }
    // Keras 3 omits `seed` from SimpleRNN's config although its constructor takes one; we write
    // it only when set, so the default JSON matches Keras and a seeded layer keeps its seed.
    if (cellType != CellType.SIMPLE_RNN || seed != null) {
      if (seed == null) {
        c.putNull("seed");
      } else {
        c.put("seed", seed);
      }
    }
    return c;
  }

  private static void putRegularizer(ObjectNode c, String key, Regularizer r) {
    if (r == null) {
      c.putNull(key);
    } else {
      c.set(key, r.toJson());
    }
  }

  /**
   * Reads a Keras 3 or tf-keras {@code config} dict of the given cell type. A dict with the Keras 2
   * markers {@code implementation} or {@code time_major} gets Keras 2 defaults and formulas
   * (KERAS_SPEC W9): {@code hard_sigmoid} is then {@code clip(0.2 x + 0.5)}, and a GRU without
   * {@code reset_after} is {@code reset_after=false}.
   *
   * @throws IllegalArgumentException naming the key for an unknown key or a wrong value
   * @throws UnsupportedOperationException for weight constraints
   */
  public static RecurrentConfig fromJson(CellType type, JsonNode config) {
    boolean keras2 = config.has("implementation") || config.has("time_major");
    KerasJson.rejectUnknownKeys(config, keysFor(type), type.className());
    if (KerasJson.bool(config, "time_major", false)) {
      throw new UnsupportedOperationException(
          type.className()
              + ": time_major=true is not supported; inputs are [batch, time, features]");
    }
    for (String k : new String[] {"kernel_constraint", "recurrent_constraint", "bias_constraint"}) {
      JsonNode v = config.get(k);
      if (v != null && !v.isNull()) {
        throw new UnsupportedOperationException(
            type.className() + ": weight constraints are not supported; got " + k + "=" + v);
      }
    }
    RecurrentBuilder<RecurrentConfig> b = builder(type);
    b.name(KerasJson.string(config, "name", null));
    b.trainable(KerasJson.bool(config, "trainable", true));
    b.dtype(KerasJson.readDtype(config));
    b.returnSequences(KerasJson.bool(config, "return_sequences", false));
    b.returnState(KerasJson.bool(config, "return_state", false));
    b.goBackwards(KerasJson.bool(config, "go_backwards", false));
    b.stateful(KerasJson.bool(config, "stateful", false));
    b.unroll(KerasJson.bool(config, "unroll", false));
    b.zeroOutputForMask(KerasJson.bool(config, "zero_output_for_mask", false));
    if (!config.has("units")) {
      throw new IllegalArgumentException(type.className() + " config needs 'units'; got " + config);
    }
    b.units(KerasJson.integer(config, "units", 0));
    b.activation(Activation.fromKerasName(KerasJson.string(config, "activation", "tanh"), keras2));
    if (type != CellType.SIMPLE_RNN) {
      b.recurrentActivation(
          Activation.fromKerasName(
              KerasJson.string(config, "recurrent_activation", "sigmoid"), keras2));
    }
    b.useBias(KerasJson.bool(config, "use_bias", true));
    if (config.hasNonNull("kernel_initializer")) {
      b.kernelInitializer(Initializer.fromJson(config.get("kernel_initializer")));
    }
    if (config.hasNonNull("recurrent_initializer")) {
      b.recurrentInitializer(Initializer.fromJson(config.get("recurrent_initializer")));
    }
    if (config.hasNonNull("bias_initializer")) {
      b.biasInitializer(Initializer.fromJson(config.get("bias_initializer")));
    }
    if (type == CellType.LSTM) {
      b.unitForgetBias(KerasJson.bool(config, "unit_forget_bias", true));
    }
    b.kernelRegularizer(Regularizer.fromJson(config.get("kernel_regularizer")));
    b.recurrentRegularizer(Regularizer.fromJson(config.get("recurrent_regularizer")));
    b.biasRegularizer(Regularizer.fromJson(config.get("bias_regularizer")));
    b.activityRegularizer(Regularizer.fromJson(config.get("activity_regularizer")));
    b.dropout(KerasJson.number(config, "dropout", 0.0));
    b.recurrentDropout(KerasJson.number(config, "recurrent_dropout", 0.0));
    if (type == CellType.GRU) {
      b.resetAfter(KerasJson.bool(config, "reset_after", !keras2));
    }
    b.seed(KerasJson.optionalLong(config, "seed"));
    return b.build();
  }

  private static Set<String> keysFor(CellType type) {
    java.util.HashSet<String> keys = new java.util.HashSet<>(COMMON_KEYS);
    if (type != CellType.SIMPLE_RNN) {
      keys.add("recurrent_activation");
    }
    if (type == CellType.LSTM) {
      keys.add("unit_forget_bias");
    }
    if (type == CellType.GRU) {
      keys.add("reset_after");
    }
    return keys;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecurrentConfig
        && KerasJson.write(toJson()).equals(KerasJson.write(((RecurrentConfig) o).toJson()))
        && cellType == ((RecurrentConfig) o).cellType
        && Objects.equals(seed, ((RecurrentConfig) o).seed);
  }

  @Override
  public int hashCode() {
    return KerasJson.write(toJson()).hashCode();
  }

  @Override
  public String toString() {
    return cellType.className() + KerasJson.write(toJson());
  }
}
