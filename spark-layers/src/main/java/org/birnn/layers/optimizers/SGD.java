package org.birnn.layers.optimizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3 {@code SGD} (defaults {@code learning_rate=0.01, momentum=0, nesterov=false}): without
 * momentum {@code w -= lr g}; with it {@code m = momentum m - lr g}, then {@code w += m}, or with
 * Nesterov {@code w += momentum m - lr g}.
 */
public final class SGD extends Optimizer {
  private final double momentum;
  private final boolean nesterov;

  /** A new optimizer; the clipping arguments may be {@code null}. */
  public SGD(
      double learningRate,
      double momentum,
      boolean nesterov,
      Double clipnorm,
      Double globalClipnorm,
      Double clipvalue) {
    super(learningRate, clipnorm, globalClipnorm, clipvalue);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("SGD: momentum must be in [0, 1]; received " + momentum);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  /** {@code SGD(learning_rate)} with no momentum. */
  public SGD(double learningRate) {
    this(learningRate, 0, false, null, null, null);
  }

  static SGD fromConfig(JsonNode c) {
    Double[] clip = clipping(c);
    return new SGD(
        KerasJson.number(c, "learning_rate", 0.01),
        KerasJson.number(c, "momentum", 0.0),
        KerasJson.bool(c, "nesterov", false),
        clip[0],
        clip[1],
        clip[2]);
  }

  @Override
  public String className() {
    return "SGD";
  }

  @Override
  public int slots() {
    return momentum != 0 ? 1 : 0;
  }

  @Override
  protected void update(INDArray w, INDArray g, INDArray[] slots, long iterations) {
    if (momentum == 0) {
      w.subi(g.mul(learningRate));
      return;
    }
    INDArray m = slots[0];
    m.muli(momentum).subi(g.mul(learningRate));
    if (nesterov) {
      w.addi(m.mul(momentum).subi(g.mul(learningRate)));
    } else {
      w.addi(m);
    }
  }

  @Override
  protected void addConfig(ObjectNode c) {
    c.put("momentum", momentum);
    c.put("nesterov", nesterov);
  }
}
