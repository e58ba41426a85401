package org.birnn.layers.rnn.cells;

import java.util.List;
import org.birnn.layers.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keras SimpleRNN cell: {@code h' = act(x K + b + h R)}; state {@code [h']}. */
public final class SimpleRnnCell implements RecurrentCell {
  private final int units;
  private final Activation act;

  /** A cell of {@code units} units with the given activation. */
  public SimpleRnnCell(int units, Activation activation) {
    this.units = units;
    this.act = activation;
  }

  /** The output activation. */
  public Activation activation() {
    return act;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public int gates() {
    return 1;
  }

  @Override
  public int stateCount() {
    return 1;
  }

  @Override
  public INDArray inputBias(INDArray bias) {
    return bias;
  }

  private record RnnStep(List<INDArray> states, INDArray hPrev, INDArray pre) implements Step {}

  @Override
  public Step forward(INDArray xp, List<INDArray> states, CellWeights w, INDArray[] masks) {
    INDArray hPrev = states.get(0);
    INDArray pre = xp.dup();
    RecurrentProjection.addForward(pre, hPrev, w.recurrentKernel(), masks, units, 0, 1);
    return new RnnStep(List.of(act.forward(pre)), hPrev, pre);
  }

  @Override
  public StepGradient backward(
      Step step, List<INDArray> dStates, CellWeights w, CellWeights grads, INDArray[] masks) {
    RnnStep s = (RnnStep) step;
    INDArray dpre = act.backward(s.pre, s.states.get(0), dStates.get(0));
    INDArray dhPrev =
        RecurrentProjection.backward(
            dpre, s.hPrev, w.recurrentKernel(), grads.recurrentKernel(), masks, units, 0, 1);
    return new StepGradient(dpre, List.of(dhPrev));
  }
}
