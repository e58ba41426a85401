package org.birnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.internal.LayerNames;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.KerasJson;

/**
 * The immutable configuration of an {@link LSTM}, {@link GRU} or {@link SimpleRNN} layer: every
 * Keras 3 argument, declared once in {@link #TABLE} (Keras name, default, JSON form, validation,
 * the cell types that take it), from which {@link RecurrentBuilder}, {@link #fromJson}, {@link
 * #toJson} (keys in Keras order, KERAS_SPEC SER6), equality and the unknown-key check all derive.
 *
 * <p>Defaults are Keras 3's: {@code activation="tanh"}, {@code recurrent_activation="sigmoid"},
 * {@code use_bias=true}, {@code glorot_uniform} / {@code orthogonal} / {@code zeros} initializers,
 * {@code unit_forget_bias=true} (LSTM), {@code reset_after=true} (GRU), no regularizers, dropout 0,
 * every flag false.
 */
public final class RecurrentConfig {
  public static final ConfigKey<Boolean> RETURN_SEQUENCES =
      ConfigKey.bool("return_sequences", false);
  public static final ConfigKey<Boolean> RETURN_STATE = ConfigKey.bool("return_state", false);
  public static final ConfigKey<Boolean> GO_BACKWARDS = ConfigKey.bool("go_backwards", false);
  public static final ConfigKey<Boolean> STATEFUL = ConfigKey.bool("stateful", false);
  public static final ConfigKey<Boolean> UNROLL = ConfigKey.bool("unroll", false);
  public static final ConfigKey<Boolean> ZERO_OUTPUT_FOR_MASK =
      ConfigKey.bool("zero_output_for_mask", false);

  /** Positive; required. */
  public static final ConfigKey<Integer> UNITS = ConfigKeys.positive("units");

  public static final ConfigKey<Activation> ACTIVATION =
      Activation.key("activation", Activation.TANH);
  public static final ConfigKey<Activation> RECURRENT_ACTIVATION =
      Activation.key("recurrent_activation", Activation.SIGMOID);
  public static final ConfigKey<Boolean> USE_BIAS = ConfigKey.bool("use_bias", true);
  public static final ConfigKey<Initializer> KERNEL_INITIALIZER =
      Initializer.key("kernel_initializer", Initializer.glorotUniform(null));
  public static final ConfigKey<Initializer> RECURRENT_INITIALIZER =
      Initializer.key("recurrent_initializer", Initializer.orthogonal(1.0, null));
  public static final ConfigKey<Initializer> BIAS_INITIALIZER =
      Initializer.key("bias_initializer", Initializer.zeros());
  public static final ConfigKey<Boolean> UNIT_FORGET_BIAS =
      ConfigKey.bool("unit_forget_bias", true);
  public static final ConfigKey<Regularizer> KERNEL_REGULARIZER =
      Regularizer.key("kernel_regularizer");
  public static final ConfigKey<Regularizer> RECURRENT_REGULARIZER =
      Regularizer.key("recurrent_regularizer");
  public static final ConfigKey<Regularizer> BIAS_REGULARIZER = Regularizer.key("bias_regularizer");
  public static final ConfigKey<Regularizer> ACTIVITY_REGULARIZER =
      Regularizer.key("activity_regularizer");
  public static final ConfigKey<Void> KERNEL_CONSTRAINT = ConfigKeys.onlyNull("kernel_constraint");
  public static final ConfigKey<Void> RECURRENT_CONSTRAINT =
      ConfigKeys.onlyNull("recurrent_constraint");
  public static final ConfigKey<Void> BIAS_CONSTRAINT = ConfigKeys.onlyNull("bias_constraint");

  /** A fraction in [0, 1]; Keras clamps other numbers into it (KERAS_SPEC DO1). */
  public static final ConfigKey<Double> DROPOUT = rate("dropout");

  public static final ConfigKey<Double> RECURRENT_DROPOUT = rate("recurrent_dropout");

  /** Absent from a Keras 2 dict means {@code false}, Keras 2's default (KERAS_SPEC W9). */
  public static final ConfigKey<Boolean> RESET_AFTER =
      ConfigKey.of(
          "reset_after",
          true,
          (c, k, ctx) -> KerasJson.bool(c, k.name(), !ctx.keras2()),
          com.fasterxml.jackson.databind.node.BooleanNode::valueOf);

  public static final ConfigKey<Long> SEED = ConfigKey.optionalLong("seed");

  /**
   * Every key in Keras order, with the cell types that take it. Keras 3 omits {@code seed} from
   * SimpleRNN's config although its constructor takes one: it is written there only when set, so
   * the default JSON matches Keras and a seeded layer keeps its seed.
   */
  public static final ConfigTable<CellType> TABLE =
      ConfigTable.<CellType>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .key(RETURN_SEQUENCES)
          .key(RETURN_STATE)
          .key(GO_BACKWARDS)
          .key(STATEFUL)
          .key(UNROLL)
          .key(ZERO_OUTPUT_FOR_MASK)
          .key(UNITS)
          .key(ACTIVATION)
          .key(RECURRENT_ACTIVATION, t -> t != CellType.SIMPLE_RNN, "LSTM and GRU only")
          .key(USE_BIAS)
          .key(KERNEL_INITIALIZER)
          .key(RECURRENT_INITIALIZER)
          .key(BIAS_INITIALIZER)
          .key(UNIT_FORGET_BIAS, t -> t == CellType.LSTM, "LSTM only")
          .key(KERNEL_REGULARIZER)
          .key(RECURRENT_REGULARIZER)
          .key(BIAS_REGULARIZER)
          .key(ACTIVITY_REGULARIZER)
          .key(KERNEL_CONSTRAINT)
          .key(RECURRENT_CONSTRAINT)
          .key(BIAS_CONSTRAINT)
          .key(DROPOUT)
          .key(RECURRENT_DROPOUT)
          .key(RESET_AFTER, t -> t == CellType.GRU, "GRU only")
          .key(SEED, (t, v) -> t == CellType.SIMPLE_RNN && v == null)
          // Written by tf-keras / Keras 2 or by Keras for the first layer; read and ignored.
          .ignore(
              "implementation",
              "time_major",
              "batch_input_shape",
              "input_shape",
              "input_dim",
              "batch_size",
              "use_cudnn")
          .build();

  private final CellType cellType;
  private final ConfigValues values;

  RecurrentConfig(CellType cellType, Map<ConfigKey<?>, Object> given) {
    this.cellType = cellType;
    ConfigValues v = TABLE.values(cellType, cellType.className(), given);
    if (v.get(ConfigKeys.NAME) == null) {
      v = v.with(ConfigKeys.NAME, LayerNames.unique(cellType.baseName()));
    }
    // Keras clamps both rates into [0, 1] at construction (KERAS_SPEC DO1).
    v = v.with(DROPOUT, Math.min(1.0, Math.max(0.0, v.get(DROPOUT))));
    this.values = v.with(RECURRENT_DROPOUT, Math.min(1.0, Math.max(0.0, v.get(RECURRENT_DROPOUT))));
  }

  private static ConfigKey<Double> rate(String name) {
    return ConfigKey.number(name, 0.0)
        .check(
            (owner, v) -> {
              if (Double.isNaN(v)) {
                throw new IllegalArgumentException(
                    owner + ": dropout rates must be numbers in [0, 1]; received " + name + "=NaN");
              }
            });
  }

  /** A builder with Keras 3 defaults for the given cell type; {@code build()} gives the config. */
  public static RecurrentBuilder<RecurrentConfig> builder(CellType cellType) {
    return new RecurrentBuilder<>(Objects.requireNonNull(cellType, "cellType"), c -> c);
  }

  /** A builder holding this config's values, to derive a modified copy. */
  public RecurrentBuilder<RecurrentConfig> toBuilder() {
    return builder(cellType).setAll(values);
  }

  /** The value of any key of {@link #TABLE} (its default where the cell type lacks it). */
  public <T> T get(ConfigKey<T> key) {
    return TABLE.applies(cellType, key) ? values.get(key) : key.defaultValue();
  }

  // ---- accessors (Keras argument names in camelCase) ----

  /** The cell family. */
  public CellType cellType() {
    return cellType;
  }

  /** The layer name. */
  public String name() {
    return values.get(ConfigKeys.NAME);
  }

  /** Whether the weights are trained. */
  public boolean trainable() {
    return values.get(ConfigKeys.TRAINABLE);
  }

  /** {@code "float32"} (default) or {@code "float64"}. */
  public String dtype() {
    return values.get(ConfigKeys.DTYPE);
  }

  /** Return the whole output sequence {@code [batch, time, units]} rather than the last step. */
  public boolean returnSequences() {
    return values.get(RETURN_SEQUENCES);
  }

  /** Also return the final states. */
  public boolean returnState() {
    return values.get(RETURN_STATE);
  }

  /** Process time steps {@code T-1 ... 0} and return the sequence in that order. */
  public boolean goBackwards() {
    return values.get(GO_BACKWARDS);
  }

  /** Carry the final states of one batch over as the initial states of the next. */
  public boolean stateful() {
    return values.get(STATEFUL);
  }

  /** Accepted for Keras compatibility; the loop is the same either way. */
  public boolean unroll() {
    return values.get(UNROLL);
  }

  /** Emit exactly 0 (instead of the previous output) at masked steps. */
  public boolean zeroOutputForMask() {
    return values.get(ZERO_OUTPUT_FOR_MASK);
  }

  /** Dimensionality of the output and of each state. */
  public int units() {
    return values.get(UNITS);
  }

  /** The output activation ({@code tanh} by default). */
  public Activation activation() {
    return values.get(ACTIVATION);
  }

  /** The gate activation of LSTM and GRU ({@code sigmoid} by default). */
  public Activation recurrentActivation() {
    return get(RECURRENT_ACTIVATION);
  }

  /** Whether the layer has a bias. */
  public boolean useBias() {
    return values.get(USE_BIAS);
  }

  /** Initializer of {@code kernel [input, gates * units]}. */
  public Initializer kernelInitializer() {
    return values.get(KERNEL_INITIALIZER);
  }

  /** Initializer of {@code recurrent_kernel [units, gates * units]}. */
  public Initializer recurrentInitializer() {
    return values.get(RECURRENT_INITIALIZER);
  }

  /** Initializer of the bias. */
  public Initializer biasInitializer() {
    return values.get(BIAS_INITIALIZER);
  }

  /** LSTM: initialize the forget-gate bias block to exactly 1.0. */
  public boolean unitForgetBias() {
    return get(UNIT_FORGET_BIAS);
  }

  /** Penalty on the kernel, or {@code null}. */
  public Regularizer kernelRegularizer() {
    return values.get(KERNEL_REGULARIZER);
  }

  /** Penalty on the recurrent kernel, or {@code null}. */
  public Regularizer recurrentRegularizer() {
    return values.get(RECURRENT_REGULARIZER);
  }

  /** Penalty on the bias, or {@code null}. */
  public Regularizer biasRegularizer() {
    return values.get(BIAS_REGULARIZER);
  }

  /** Penalty on every output tensor of the layer, or {@code null}. */
  public Regularizer activityRegularizer() {
    return values.get(ACTIVITY_REGULARIZER);
  }

  /** Fraction of input features dropped in training, in [0, 1]. */
  public double dropout() {
    return values.get(DROPOUT);
  }

  /** Fraction of recurrent state features dropped in training, in [0, 1]. */
  public double recurrentDropout() {
    return values.get(RECURRENT_DROPOUT);
  }

  /** GRU: apply the reset gate after the recurrent matrix product (Keras 3 default true). */
  public boolean resetAfter() {
    return get(RESET_AFTER);
  }

  /** Seed of the dropout masks, or {@code null}. */
  public Long seed() {
    return values.get(SEED);
  }

  // ---- JSON ----

  /** The Keras 3 {@code config} dict, keys in Keras order. */
  public ObjectNode toJson() {
    return TABLE.write(cellType, values);
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
    if (KerasJson.bool(config, "time_major", false)) {
      throw new UnsupportedOperationException(
          type.className()
              + ": time_major=true is not supported; inputs are [batch, time, features]");
    }
    return new RecurrentConfig(
        type, TABLE.read(type, config, new ConfigKey.ReadContext(type.className(), keras2)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecurrentConfig
        && cellType == ((RecurrentConfig) o).cellType
        && KerasJson.write(toJson()).equals(KerasJson.write(((RecurrentConfig) o).toJson()))
        && Objects.equals(seed(), ((RecurrentConfig) o).seed());
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
