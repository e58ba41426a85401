package org.birnn.layers.optimizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3 {@code RMSprop} (defaults {@code learning_rate=0.001, rho=0.9, momentum=0, epsilon=1e-7,
 * centered=false}): {@code v = rho v + (1 - rho) g^2}; {@code inc = lr g / sqrt(v + eps)}
 * (centered: {@code a = rho a + (1 - rho) g}, {@code inc = lr g / sqrt(v - a^2 + eps)}); {@code w
 * -= inc}, or with momentum {@code m = momentum m + inc; w -= m}. Note epsilon sits inside the
 * square root, as in Keras.
 */
public final class RMSprop extends Optimizer {
  private final double rho;
  private final double momentum;
  private final double epsilon;
  private final boolean centered;

  /** A new optimizer; the clipping arguments may be {@code null}. */
  public RMSprop(
      double learningRate,
      double rho,
      double momentum,
      double epsilon,
      boolean centered,
      Double clipnorm,
      Double globalClipnorm,
      Double clipvalue) {
    super(learningRate, clipnorm, globalClipnorm, clipvalue);
    if (!(rho >= 0 && rho < 1) || !(momentum >= 0) || !(epsilon >= 0)) {
      throw new IllegalArgumentException(
          "RMSprop: need 0 <= rho < 1, momentum >= 0, epsilon >= 0;"
              + " received rho="
              + rho
              + ", momentum="
              + momentum
              + ", epsilon="
              + epsilon);
    }
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
  }

  /** {@code RMSprop(learning_rate)} with Keras defaults otherwise. */
  public RMSprop(double learningRate) {
    this(learningRate, 0.9, 0.0, 1e-7, false, null, null, null);
  }

  static RMSprop fromConfig(JsonNode c) {
    Double[] clip = clipping(c);
    return new RMSprop(
        KerasJson.number(c, "learning_rate", 0.001),
        KerasJson.number(c, "rho", 0.9),
        KerasJson.number(c, "momentum", 0.0),
        KerasJson.number(c, "epsilon", 1e-7),
        KerasJson.bool(c, "centered", false),
        clip[0],
        clip[1],
        clip[2]);
  }

  @Override
  public String className() {
    return "RMSprop";
  }

  @Override
  public int slots() {
    return 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0);
  }

  @Override
  protected void update(INDArray w, INDArray g, INDArray[] slots, long iterations) {
    INDArray v = slots[0];
    v.muli(rho).addi(g.mul(g).muli(1 - rho));
    INDArray denominator;
    if (centered) {
      INDArray a = slots[slots.length - 1];
      a.muli(rho).addi(g.mul(1 - rho));
      denominator = v.sub(a.mul(a)).addi(epsilon);
    } else {
      denominator = v.add(epsilon);
    }
    INDArray increment = g.mul(learningRate).divi(Transforms.sqrt(denominator, false));
    if (momentum > 0) {
      INDArray m = slots[1];
      m.muli(momentum).addi(increment);
      w.subi(m);
    } else {
      w.subi(increment);
    }
  }

  @Override
  protected void addConfig(ObjectNode c) {
    c.put("rho", rho);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("centered", centered);
  }
}
