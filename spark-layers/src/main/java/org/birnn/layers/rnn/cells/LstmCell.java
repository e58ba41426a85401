package org.birnn.layers.rnn.cells;

import java.util.List;
import org.birnn.layers.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras LSTM cell: {@code z = x K + h R + b}, gate blocks {@code i, f, c, o}; {@code c' = σ(z_f) c
 * + σ(z_i) act(z_c)}, {@code h' = σ(z_o) act(c')}; states {@code [h', c']}. (Hochreiter and
 * Schmidhuber, 1997; σ is the recurrent activation.)
 */
public final class LstmCell implements RecurrentCell {
  private final int units;
  private final Activation act;
  private final Activation recurrentAct;

  /** A cell of {@code units} units with output and gate activations. */
  public LstmCell(int units, Activation activation, Activation recurrentActivation) {
    this.units = units;
    this.act = activation;
    this.recurrentAct = recurrentActivation;
  }

  /** The output activation. */
  public Activation activation() {
    return act;
  }

  /** The gate (recurrent) activation. */
  public Activation recurrentActivation() {
    return recurrentAct;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public int gates() {
    return 4;
  }

  @Override
  public int stateCount() {
    return 2;
  }

  @Override
  public INDArray inputBias(INDArray bias) {
    return bias;
  }

  private record LstmStep(
      List<INDArray> states,
      INDArray hPrev,
      INDArray cPrev,
      INDArray z,
      INDArray i,
      INDArray f,
      INDArray g,
      INDArray o,
      INDArray c,
      INDArray tc)
      implements Step {}

  @Override
  public Step forward(INDArray xp, List<INDArray> states, CellWeights w, INDArray[] masks) {
    INDArray hPrev = states.get(0);
    INDArray cPrev = states.get(1);
    INDArray z = xp.dup();
    RecurrentProjection.addForward(z, hPrev, w.recurrentKernel(), masks, units, 0, 4);
    INDArray i = recurrentAct.forward(block(z, 0));
    INDArray f = recurrentAct.forward(block(z, 1));
    INDArray g = act.forward(block(z, 2));
    INDArray o = recurrentAct.forward(block(z, 3));
    INDArray c = f.mul(cPrev).addi(i.mul(g));
    INDArray tc = act.forward(c);
    INDArray h = o.mul(tc);
    return new LstmStep(List.of(h, c), hPrev, cPrev, z, i, f, g, o, c, tc);
  }

  @Override
  public StepGradient backward(
      Step step, List<INDArray> dStates, CellWeights w, CellWeights grads, INDArray[] masks) {
    LstmStep s = (LstmStep) step;
    INDArray dh = dStates.get(0);
    INDArray dc = dStates.get(1).add(act.backward(s.c, s.tc, dh.mul(s.o)));
    INDArray dzi = recurrentAct.backward(block(s.z, 0), s.i, dc.mul(s.g));
    INDArray dzf = recurrentAct.backward(block(s.z, 1), s.f, dc.mul(s.cPrev));
    INDArray dzc = act.backward(block(s.z, 2), s.g, dc.mul(s.i));
    INDArray dzo = recurrentAct.backward(block(s.z, 3), s.o, dh.mul(s.tc));
    INDArray dz = Nd4j.hstack(dzi, dzf, dzc, dzo);
    INDArray dhPrev =
        RecurrentProjection.backward(
            dz, s.hPrev, w.recurrentKernel(), grads.recurrentKernel(), masks, units, 0, 4);
    return new StepGradient(dz, List.of(dhPrev, dc.mul(s.f)));
  }

  private INDArray block(INDArray z, int gate) {
    return RecurrentProjection.blocks(z, units, gate, gate + 1);
  }
}
