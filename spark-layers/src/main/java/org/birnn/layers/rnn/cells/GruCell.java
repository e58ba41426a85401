package org.birnn.layers.rnn.cells;

import java.util.List;
import org.birnn.layers.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras GRU cell (Cho et al., 2014), gate blocks {@code z, r, h}; {@code h' = z h + (1 - z) hh}.
 *
 * <ul>
 *   <li>{@code reset_after=true} (Keras 3 default, cuDNN-compatible): bias {@code [2, 3 units]},
 *       row 0 input bias, row 1 recurrent bias; {@code rp = h R + b_rec}; {@code hh = act(xp_h + r
 *       * rp_h)}.
 *   <li>{@code reset_after=false}: bias {@code [3 units]}; {@code hh = act(xp_h + (r * h) R_h)}.
 * </ul>
 */
public final class GruCell implements RecurrentCell {
  private final int units;
  private final Activation act;
  private final Activation recurrentAct;
  private final boolean resetAfter;

  /** A cell of {@code units} units. */
  public GruCell(
      int units, Activation activation, Activation recurrentActivation, boolean resetAfter) {
    this.units = units;
    this.act = activation;
    this.recurrentAct = recurrentActivation;
    this.resetAfter = resetAfter;
  }

  /** The output activation. */
  public Activation activation() {
    return act;
  }

  /** The gate (recurrent) activation. */
  public Activation recurrentActivation() {
    return recurrentAct;
  }

  /** Whether the reset gate applies after the recurrent product (Keras {@code reset_after}). */
  public boolean resetAfter() {
    return resetAfter;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public int gates() {
    return 3;
  }

  @Override
  public int stateCount() {
    return 1;
  }

  @Override
  public INDArray inputBias(INDArray bias) {
    if (bias == null) {
      return null;
    }
    return resetAfter ? bias.getRow(0) : bias;
  }

  private record GruStep(
      List<INDArray> states,
      INDArray hPrev,
      INDArray zPre,
      INDArray rPre,
      INDArray z,
      INDArray r,
      INDArray recH, // reset_after: rp_h; else (r * h_masked), the input of R_h
      INDArray hPre,
      INDArray hh)
      implements Step {}

  @Override
  public Step forward(INDArray xp, List<INDArray> states, CellWeights w, INDArray[] masks) {
    INDArray hPrev = states.get(0);
    INDArray rk = w.recurrentKernel();
    INDArray zPre = block(xp, 0).dup();
    INDArray rPre = block(xp, 1).dup();
    INDArray hPre = block(xp, 2).dup();
    INDArray recH;
    if (resetAfter) {
      INDArray rp = Nd4j.zeros(hPrev.dataType(), hPrev.size(0), 3L * units);
      RecurrentProjection.addForward(rp, hPrev, rk, masks, units, 0, 3);
      if (w.bias() != null) {
        rp.addiRowVector(w.bias().getRow(1));
      }
      zPre.addi(block(rp, 0));
      rPre.addi(block(rp, 1));
      recH = block(rp, 2).dup();
    } else {
      INDArray zr = Nd4j.hstack(zPre, rPre);
      RecurrentProjection.addForward(zr, hPrev, rk, masks, units, 0, 2);
      zPre = block(zr, 0).dup();
      rPre = block(zr, 1).dup();
      recH = null;
    }
    INDArray z = recurrentAct.forward(zPre);
    INDArray r = recurrentAct.forward(rPre);
    if (resetAfter) {
      hPre.addi(r.mul(recH));
    } else {
      INDArray hMasked = masks == null ? hPrev : hPrev.mul(masks[2]);
      recH = r.mul(hMasked);
      hPre.addi(recH.mmul(RecurrentProjection.blocks(rk, units, 2, 3)));
    }
    INDArray hh = act.forward(hPre);
    // h' = z h + (1 - z) hh = hh + z (h - hh)
    INDArray h = hh.add(z.mul(hPrev.sub(hh)));
    return new GruStep(List.of(h), hPrev, zPre, rPre, z, r, recH, hPre, hh);
  }

  @Override
  public StepGradient backward(
      Step step, List<INDArray> dStates, CellWeights w, CellWeights grads, INDArray[] masks) {
    GruStep s = (GruStep) step;
    INDArray rk = w.recurrentKernel();
    INDArray dh = dStates.get(0);
    INDArray dz = recurrentAct.backward(s.zPre, s.z, dh.mul(s.hPrev.sub(s.hh)));
    INDArray dhPre = act.backward(s.hPre, s.hh, dh.mul(s.z.rsub(1.0)));
    INDArray dhPrev = dh.mul(s.z);
    INDArray dr;
    if (resetAfter) {
      dr = recurrentAct.backward(s.rPre, s.r, dhPre.mul(s.recH));
      INDArray drp = Nd4j.hstack(dz, dr, dhPre.mul(s.r));
      dhPrev.addi(
          RecurrentProjection.backward(
              drp, s.hPrev, rk, grads.recurrentKernel(), masks, units, 0, 3));
      if (grads.bias() != null) {
        grads.bias().getRow(1).addi(drp.sum(0));
      }
    } else {
      INDArray dRecH = dhPre.mmul(RecurrentProjection.blocks(rk, units, 2, 3).transpose());
      RecurrentProjection.blocks(grads.recurrentKernel(), units, 2, 3)
          .addi(s.recH.transpose().mmul(dhPre));
      INDArray hMasked = masks == null ? s.hPrev : s.hPrev.mul(masks[2]);
      dr = recurrentAct.backward(s.rPre, s.r, dRecH.mul(hMasked));
      INDArray dhViaReset = dRecH.mul(s.r);
      dhPrev.addi(masks == null ? dhViaReset : dhViaReset.muli(masks[2]));
      INDArray dzr = Nd4j.hstack(dz, dr);
      dhPrev.addi(
          RecurrentProjection.backward(
              dzr, s.hPrev, rk, grads.recurrentKernel(), masks, units, 0, 2));
    }
    return new StepGradient(Nd4j.hstack(dz, dr, dhPre), List.of(dhPrev));
  }

  private INDArray block(INDArray a, int gate) {
    return RecurrentProjection.blocks(a, units, gate, gate + 1);
  }
}
