package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.internal.Gemm;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.saving.config.ConfigKey;
import org.birnn.layers.saving.config.ConfigKeys;
import org.birnn.layers.saving.config.ConfigTable;
import org.birnn.layers.saving.config.ConfigValues;
import org.birnn.layers.saving.config.LayerBuilder;
import org.birnn.layers.utils.RandomSeeds;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code Dense}: {@code y = act(x K + b)} on the last axis, so {@code [batch, in]} gives
 * {@code [batch, units]} and {@code [batch, time, in]} gives {@code [batch, time, units]} (a
 * per-step head). Weights {@code kernel [in, units]}, {@code bias [units]}. The time mask passes
 * through. Defaults: linear activation, bias, {@code glorot_uniform} / {@code zeros}.
 *
 * <pre>{@code
 * Dense head = Dense.builder().units(5).activation(Activation.SOFTMAX).build();
 * }</pre>
 */
public final class Dense extends BaseLayer {
  /** Output width (&gt; 0); required. */
  public static final ConfigKey<Integer> UNITS = ConfigKeys.positive("units");

  /** Default linear. */
  public static final ConfigKey<Activation> ACTIVATION =
      Activation.key("activation", Activation.LINEAR);

  public static final ConfigKey<Boolean> USE_BIAS = ConfigKey.bool("use_bias", true);
  public static final ConfigKey<Initializer> KERNEL_INITIALIZER =
      Initializer.key("kernel_initializer", Initializer.glorotUniform(null));
  public static final ConfigKey<Initializer> BIAS_INITIALIZER =
      Initializer.key("bias_initializer", Initializer.zeros());
  public static final ConfigKey<Regularizer> KERNEL_REGULARIZER =
      Regularizer.key("kernel_regularizer");
  public static final ConfigKey<Regularizer> BIAS_REGULARIZER = Regularizer.key("bias_regularizer");

  /** Every key in Keras order; {@code activity_regularizer} is read (null only), not written. */
  public static final ConfigTable<String> TABLE =
      ConfigTable.<String>builder()
          .key(ConfigKeys.NAME)
          .key(ConfigKeys.TRAINABLE)
          .key(ConfigKeys.DTYPE)
          .key(UNITS)
          .key(ACTIVATION)
          .key(USE_BIAS)
          .key(KERNEL_INITIALIZER)
          .key(BIAS_INITIALIZER)
          .key(KERNEL_REGULARIZER)
          .key(BIAS_REGULARIZER)
          .key(ConfigKeys.onlyNull("kernel_constraint"))
          .key(ConfigKeys.onlyNull("bias_constraint"))
          .key(ConfigKeys.onlyNull("activity_regularizer"), (m, v) -> true)
          .ignore(
              "lora_rank",
              "lora_alpha",
              "batch_input_shape",
              "input_shape",
              "input_dim",
              "quantization_config")
          .build();

  private final int units;
  private final Activation activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final Regularizer kernelRegularizer;
  private final Regularizer biasRegularizer;
  private final Random random = RandomSeeds.next();

  private Dense(ConfigValues values) {
    super(values, "dense");
    this.units = get(UNITS);
    this.activation = get(ACTIVATION);
    this.useBias = get(USE_BIAS);
    this.kernelInitializer = get(KERNEL_INITIALIZER);
    this.biasInitializer = get(BIAS_INITIALIZER);
    this.kernelRegularizer = get(KERNEL_REGULARIZER);
    this.biasRegularizer = get(BIAS_REGULARIZER);
  }

  /** A builder with Keras defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Dense}. */
  public static final class Builder extends LayerBuilder<Dense, Builder> {
    private Builder() {}

    /** Required: output width (&gt; 0). */
    public Builder units(int units) {
      return set(UNITS, units);
    }

    /** Default linear. */
    public Builder activation(Activation activation) {
      return set(ACTIVATION, activation);
    }

    /** Default true. */
    public Builder useBias(boolean useBias) {
      return set(USE_BIAS, useBias);
    }

    /** Default {@code glorot_uniform}. */
    public Builder kernelInitializer(Initializer i) {
      return set(KERNEL_INITIALIZER, i);
    }

    /** Default {@code zeros}. */
    public Builder biasInitializer(Initializer i) {
      return set(BIAS_INITIALIZER, i);
    }

    /** Default none. */
    public Builder kernelRegularizer(Regularizer r) {
      return set(KERNEL_REGULARIZER, r);
    }

    /** Default none. */
    public Builder biasRegularizer(Regularizer r) {
      return set(BIAS_REGULARIZER, r);
    }

    @Override
    public Dense build() {
      return new Dense(TABLE.values("Dense", "Dense", given));
    }
  }

  /** Reads a Keras config dict. */
  public static Dense fromConfig(JsonNode c) {
    return builder().read(TABLE, "Dense", "Dense", c, false).build();
  }

  @Override
  protected ConfigTable<String> table() {
    return TABLE;
  }

  @Override
  public String className() {
    return "Dense";
  }

  /** Output width. */
  public int units() {
    return units;
  }

  @Override
  protected List<long[]> outputShapes(List<long[]> in) {
    long[] s = in.get(0);
    if (s.length < 2 || s[s.length - 1] <= 0) {
      throw new IllegalArgumentException(
          this
              + " needs inputs [batch, ..., features] with a known feature axis; received shape "
              + Arrays.toString(s));
    }
    if (!weights.isEmpty() && weights.get(0).size(0) != s[s.length - 1]) {
      throw new IllegalArgumentException(
          this
              + " was built for "
              + weights.get(0).size(0)
              + " input features; received shape "
              + Arrays.toString(s));
    }
    long[] out = s.clone();
    out[out.length - 1] = units;
    return List.of(out);
  }

  @Override
  protected void createWeights(List<long[]> in) {
    long f = in.get(0)[in.get(0).length - 1];
    weights.add(kernelInitializer.initialize(new long[] {f, units}, dataType(), random));
    if (useBias) {
      weights.add(biasInitializer.initialize(new long[] {units}, dataType(), random));
    }
  }

  @Override
  public LayerCall forward(List<INDArray> inputs, List<INDArray> masks, boolean training) {
    buildFrom(inputs);
    INDArray x = inputs.get(0).castTo(dataType());
    outputShapes(List.of(x.shape()));
    if (SmallDense.enabled && SmallDense.applies(x, weights.get(0), activation)) {
      return SmallDense.forward(
          x, weights.get(0), useBias ? weights.get(1) : null, activation, firstMask(masks));
    }
    long f = x.size(x.rank() - 1);
    INDArray x2 = Gemm.rows(x, f);
    INDArray z = Gemm.ab(x2, weights.get(0));
    if (useBias) {
      z.addiRowVector(weights.get(1));
    }
    INDArray a = activation.forward(z);
    long[] outShape = x.shape().clone();
    outShape[outShape.length - 1] = units;
    INDArray y = a.reshape('c', outShape);
    return LayerCall.of(
        one(y),
        one(firstMask(masks)),
        d -> {
          INDArray dy = d.get(0);
          if (dy == null) {
            dy = y.ulike().assign(0);
          }
          INDArray dz = activation.backward(z, a, Gemm.rows(dy, units));
          List<INDArray> dw = new ArrayList<>();
          dw.add(Gemm.atb(x2, dz));
          if (useBias) {
            dw.add(dz.sum(0));
          }
          INDArray dx = Gemm.abt(dz, weights.get(0)).reshape('c', x.shape());
          return new LayerCall.Gradients(one(dx), dw);
        });
  }

  @Override
  public double regularizationPenalty() {
    double p = 0;
    if (kernelRegularizer != null && !weights.isEmpty()) {
      p += kernelRegularizer.penalty(weights.get(0));
    }
    if (biasRegularizer != null && weights.size() > 1) {
      p += biasRegularizer.penalty(weights.get(1));
    }
    return p;
  }

  @Override
  public List<INDArray> regularizationGradients() {
    List<INDArray> g = new ArrayList<>();
    g.add(kernelRegularizer == null ? null : kernelRegularizer.gradient(weights.get(0)));
    if (useBias) {
      g.add(biasRegularizer == null ? null : biasRegularizer.gradient(weights.get(1)));
    }
    return g;
  }
}
