package org.birnn.layers.optimizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3 {@code Adam} (defaults {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999,
 * epsilon=1e-7, amsgrad=false}), at step {@code t = iterations + 1}: {@code alpha = lr sqrt(1 -
 * beta_2^t) / (1 - beta_1^t)}; {@code m += (g - m)(1 - beta_1)}; {@code v += (g^2 - v)(1 -
 * beta_2)}; (amsgrad: {@code vhat = max(vhat, v)}, used in place of {@code v}); {@code w -= alpha m
 * / (sqrt(v) + epsilon)}.
 */
public final class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean amsgrad;

  /** A new optimizer; the clipping arguments may be {@code null}. */
  public Adam(
      double learningRate,
      double beta1,
      double beta2,
      double epsilon,
      boolean amsgrad,
      Double clipnorm,
      Double globalClipnorm,
      Double clipvalue) {
    super(learningRate, clipnorm, globalClipnorm, clipvalue);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon >= 0)) {
      throw new IllegalArgumentException(
          "Adam: need 0 <= beta_1, beta_2 < 1 and epsilon >= 0;"
              + " received beta_1="
              + beta1
              + ", beta_2="
              + beta2
              + ", epsilon="
              + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.amsgrad = amsgrad;
  }

  /** {@code Adam(learning_rate)} with Keras defaults otherwise. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7, false, null, null, null);
  }

  static Adam fromConfig(JsonNode c) {
    Double[] clip = clipping(c);
    return new Adam(
        KerasJson.number(c, "learning_rate", 0.001),
        KerasJson.number(c, "beta_1", 0.9),
        KerasJson.number(c, "beta_2", 0.999),
        KerasJson.number(c, "epsilon", 1e-7),
        KerasJson.bool(c, "amsgrad", false),
        clip[0],
        clip[1],
        clip[2]);
  }

  @Override
  public String className() {
    return "Adam";
  }

  @Override
  public int slots() {
    return amsgrad ? 3 : 2;
  }

  /** Keras builds momentum and velocity in one call, then {@code velocity_hat} in another. */
  @Override
  public java.util.List<Integer> kerasSlotGroups() {
    return amsgrad ? java.util.List.of(2, 1) : java.util.List.of(2);
  }

  @Override
  protected void update(INDArray w, INDArray g, INDArray[] slots, long iterations) {
    long t = iterations + 1;
    double alpha = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    INDArray m = slots[0];
    INDArray v = slots[1];
    if (!amsgrad && FlatLoops.applies(w, g, m, v)) {
      FlatLoops.adam(
          w, g, m, v, (float) (1 - beta1), (float) (1 - beta2), (float) alpha, (float) epsilon);
      return;
    }
    m.addi(g.sub(m).muli(1 - beta1));
    v.addi(g.mul(g).subi(v).muli(1 - beta2));
    INDArray vUsed = v;
    if (amsgrad) {
      INDArray vhat = slots[2];
      Transforms.max(vhat, v, false);
      vUsed = vhat;
    }
    w.subi(m.mul(alpha).divi(Transforms.sqrt(vUsed, true).addi(epsilon)));
  }

  @Override
  protected void addConfig(ObjectNode c) {
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    c.put("amsgrad", amsgrad);
  }
}
