package org.birnn.layers.optimizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.birnn.layers.saving.config.KerasJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3 {@code Adagrad} (defaults {@code learning_rate=0.001, initial_accumulator_value=0.1,
 * epsilon=1e-7}): {@code acc += g^2}; {@code w -= lr g / sqrt(acc + epsilon)}.
 */
public final class Adagrad extends Optimizer {
  private final double initialAccumulator;
  private final double epsilon;

  /** A new optimizer; the clipping arguments may be {@code null}. */
  public Adagrad(
      double learningRate,
      double initialAccumulator,
      double epsilon,
      Double clipnorm,
      Double globalClipnorm,
      Double clipvalue) {
    super(learningRate, clipnorm, globalClipnorm, clipvalue);
    if (!(initialAccumulator >= 0) || !(epsilon >= 0)) {
      throw new IllegalArgumentException(
          "Adagrad: initial_accumulator_value and epsilon must be >= 0;"
              + " received "
              + initialAccumulator
              + ", "
              + epsilon);
    }
    this.initialAccumulator = initialAccumulator;
    this.epsilon = epsilon;
  }

  /** {@code Adagrad(learning_rate)} with Keras defaults otherwise. */
  public Adagrad(double learningRate) {
    this(learningRate, 0.1, 1e-7, null, null, null);
  }

  static Adagrad fromConfig(JsonNode c) {
    Double[] clip = clipping(c);
    return new Adagrad(
        KerasJson.number(c, "learning_rate", 0.001),
        KerasJson.number(c, "initial_accumulator_value", 0.1),
        KerasJson.number(c, "epsilon", 1e-7),
        clip[0],
        clip[1],
        clip[2]);
  }

  @Override
  public String className() {
    return "Adagrad";
  }

  @Override
  public int slots() {
    return 1;
  }

  @Override
  public void initState(INDArray state, long n) {
    state.assign(initialAccumulator);
  }

  @Override
  protected void update(INDArray w, INDArray g, INDArray[] slots, long iterations) {
    INDArray acc = slots[0];
    acc.addi(g.mul(g));
    w.subi(g.mul(learningRate).divi(Transforms.sqrt(acc.add(epsilon), false)));
  }

  @Override
  protected void addConfig(ObjectNode c) {
    c.put("initial_accumulator_value", initialAccumulator);
    c.put("epsilon", epsilon);
  }
}
