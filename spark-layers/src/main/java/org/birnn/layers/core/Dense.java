package org.birnn.layers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.birnn.layers.BaseLayer;
import org.birnn.layers.LayerCall;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.initializers.Initializer;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.saving.KerasJson;
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
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "trainable",
          "dtype",
          "units",
          "activation",
          "use_bias",
          "kernel_initializer",
          "bias_initializer",
          "kernel_regularizer",
          "bias_regularizer",
          "activity_regularizer",
          "kernel_constraint",
          "bias_constraint",
          "lora_rank",
          "lora_alpha",
          "batch_input_shape",
          "input_shape",
          "input_dim",
          "quantization_config");

  private final int units;
  private final Activation activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final Regularizer kernelRegularizer;
  private final Regularizer biasRegularizer;
  private final Random random = RandomSeeds.next();

  private Dense(Builder b) {
    super(b.name, b.trainable, b.dtype, "dense");
    if (b.units <= 0) {
      throw new IllegalArgumentException(
          "Dense: units must be a positive integer; received units=" + b.units);
    }
    this.units = b.units;
    this.activation = b.activation;
    this.useBias = b.useBias;
    this.kernelInitializer = b.kernelInitializer;
    this.biasInitializer = b.biasInitializer;
    this.kernelRegularizer = b.kernelRegularizer;
    this.biasRegularizer = b.biasRegularizer;
  }

  /** A builder with Keras defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Dense}. */
  public static final class Builder {
    private String name;
    private boolean trainable = true;
    private String dtype = "float32";
    private int units = -1;
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.glorotUniform(null);
    private Initializer biasInitializer = Initializer.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;

    /** Required: output width (&gt; 0). */
    public Builder units(int units) {
      this.units = units;
      return this;
    }

    /** Default linear. */
    public Builder activation(Activation activation) {
      this.activation = activation;
      return this;
    }

    /** Default true. */
    public Builder useBias(boolean useBias) {
      this.useBias = useBias;
      return this;
    }

    /** Default {@code glorot_uniform}. */
    public Builder kernelInitializer(Initializer i) {
      this.kernelInitializer = i;
      return this;
    }

    /** Default {@code zeros}. */
    public Builder biasInitializer(Initializer i) {
      this.biasInitializer = i;
      return this;
    }

    /** Default none. */
    public Builder kernelRegularizer(Regularizer r) {
      this.kernelRegularizer = r;
      return this;
    }

    /** Default none. */
    public Builder biasRegularizer(Regularizer r) {
      this.biasRegularizer = r;
      return this;
    }

    /** Default {@code dense}, {@code dense_1}, ... */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Default true. */
    public Builder trainable(boolean trainable) {
      this.trainable = trainable;
      return this;
    }

    /** {@code float32} (default) or {@code float64}. */
    public Builder dtype(String dtype) {
      this.dtype = dtype;
      return this;
    }

    /** Validates and builds. */
    public Dense build() {
      return new Dense(this);
    }
  }

  /** Reads a Keras config dict. */
  public static Dense fromConfig(JsonNode c) {
    KerasJson.rejectUnknownKeys(c, KEYS, "Dense");
    for (String k : new String[] {"kernel_constraint", "bias_constraint", "activity_regularizer"}) {
      if (c.hasNonNull(k)) {
        throw new UnsupportedOperationException(
            "Dense: " + k + " is not supported; got " + c.get(k));
      }
    }
    Builder b =
        builder()
            .name(KerasJson.string(c, "name", null))
            .trainable(KerasJson.bool(c, "trainable", true))
            .dtype(KerasJson.readDtype(c))
            .units(KerasJson.integer(c, "units", -1))
            .activation(
                Activation.fromKerasName(KerasJson.string(c, "activation", "linear"), false))
            .useBias(KerasJson.bool(c, "use_bias", true))
            .kernelRegularizer(Regularizer.fromJson(c.get("kernel_regularizer")))
            .biasRegularizer(Regularizer.fromJson(c.get("bias_regularizer")));
    if (c.hasNonNull("kernel_initializer")) {
      b.kernelInitializer(Initializer.fromJson(c.get("kernel_initializer")));
    }
    if (c.hasNonNull("bias_initializer")) {
      b.biasInitializer(Initializer.fromJson(c.get("bias_initializer")));
    }
    return b.build();
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
  public ObjectNode getConfig() {
    ObjectNode c = header();
    c.put("units", units);
    c.put("activation", activation.kerasName());
    c.put("use_bias", useBias);
    c.set("kernel_initializer", kernelInitializer.toJson());
    c.set("bias_initializer", biasInitializer.toJson());
    c.set("kernel_regularizer", kernelRegularizer == null ? null : kernelRegularizer.toJson());
    c.set("bias_regularizer", biasRegularizer == null ? null : biasRegularizer.toJson());
    c.putNull("kernel_constraint");
    c.putNull("bias_constraint");
    return c;
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
    long f = x.size(x.rank() - 1);
    INDArray x2 = x.dup('c').reshape('c', x.length() / f, f);
    INDArray z = x2.mmul(weights.get(0));
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
          INDArray dz = activation.backward(z, a, dy.dup('c').reshape('c', z.shape()));
          List<INDArray> dw = new ArrayList<>();
          dw.add(x2.transpose().mmul(dz));
          if (useBias) {
            dw.add(dz.sum(0));
          }
          INDArray dx = dz.mmul(weights.get(0).transpose()).reshape('c', x.shape());
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
