package org.birnn.layers.internal;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.rnn.kernels.SequenceKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference {@link SequenceKernel}: the Keras {@code backend.rnn} loop on ND4J.
 *
 * <p>Per sequence: one matrix multiply projects the inputs of every step ({@code [T*batch,
 * features] x [features, gates*units]}); per step the cell does one recurrent multiply and the gate
 * arithmetic. Masked steps keep the previous states and emit 0 ({@code zeroOutputForMask}) or the
 * previous output, which starts at 0 (TensorFlow semantics, KERAS_SPEC LOOP3 and CALL7).
 *
 * <p>The backward pass is backpropagation through time over the recorded steps; the kernel gradient
 * and the input gradient are again one matrix multiply each.
 */
public final class RecurrentLoop implements SequenceKernel {
  /** The shared instance; the loop itself holds no state. */
  public static final RecurrentLoop INSTANCE = new RecurrentLoop();

  private static final class Tape implements Forward {
    final RecurrentCell cell;
    final Input input;
    final INDArray emitted;
    final List<INDArray> finalStates;
    final RecurrentCell.Step[] steps;
    final INDArray[] maskColumns;

    Tape(RecurrentCell cell, Input input, int t) {
      this.cell = cell;
      this.input = input;
      long b = input.xs().size(1);
      this.emitted = Nd4j.create(input.xs().dataType(), t, b, cell.units());
      this.finalStates = new ArrayList<>();
      this.steps = new RecurrentCell.Step[t];
      this.maskColumns = new INDArray[t];
    }

    @Override
    public INDArray emitted() {
      return emitted;
    }

    @Override
    public List<INDArray> finalStates() {
      return finalStates;
    }
  }

  @Override
  public Forward forward(RecurrentCell cell, Input in) {
    // Its ND4J operations are the kernel here: they get the caller's threads (see KernelTeam).
    return KernelTeam.kernel(() -> loop(cell, in));
  }

  private Forward loop(RecurrentCell cell, Input in) {
    INDArray xs = in.xs();
    int t = Math.toIntExact(xs.size(0));
    long b = xs.size(1);
    Tape tape = new Tape(cell, in, t);
    INDArray xp = project(cell, in);
    List<INDArray> states = new ArrayList<>(in.initialStates());
    INDArray prevOut = Nd4j.zeros(xs.dataType(), b, cell.units());
    for (int s = 0; s < t; s++) {
      INDArray xpStep = xp.get(interval(s * b, (s + 1) * b), all());
      RecurrentCell.Step step = cell.forward(xpStep, states, in.weights(), in.recurrentMasks());
      tape.steps[s] = step;
      List<INDArray> fresh = step.states();
      INDArray out;
      if (in.mask() == null) {
        states = new ArrayList<>(fresh);
        out = fresh.get(0);
      } else {
        INDArray m = in.mask().getRow(s).reshape(b, 1);
        INDArray keep = m.rsub(1.0);
        tape.maskColumns[s] = m;
        List<INDArray> next = new ArrayList<>(fresh.size());
        for (int k = 0; k < fresh.size(); k++) {
          next.add(fresh.get(k).mulColumnVector(m).addi(states.get(k).mulColumnVector(keep)));
        }
        states = next;
        out = fresh.get(0).mulColumnVector(m);
        if (!in.zeroOutputForMask()) {
          out.addi(prevOut.mulColumnVector(keep));
        }
      }
      tape.emitted.slice(s).assign(out);
      prevOut = out;
    }
    tape.finalStates.addAll(states);
    return tape;
  }

  /** {@code xp = x K + inputBias} for all steps, {@code [T*batch, gates*units]}. */
  private static INDArray project(RecurrentCell cell, Input in) {
    INDArray kernel = in.weights().kernel();
    INDArray[] masks = in.inputMasks();
    long rows = in.xs().size(0) * in.xs().size(1);
    INDArray xp;
    if (masks == null) {
      xp = flat(in.xs()).mmul(kernel);
    } else if (sameMask(masks)) {
      xp = flat(mulPerStep(in.xs(), masks[0])).mmul(kernel);
    } else {
      xp = Nd4j.create(kernel.dataType(), rows, kernel.size(1));
      int u = cell.units();
      for (int g = 0; g < cell.gates(); g++) {
        xp.get(all(), interval(g * u, (g + 1) * u))
            .assign(
                flat(mulPerStep(in.xs(), masks[g]))
                    .mmul(kernel.get(all(), interval(g * u, (g + 1) * u))));
      }
    }
    INDArray inputBias = cell.inputBias(in.weights().bias());
    if (inputBias != null) {
      xp.addiRowVector(inputBias);
    }
    return xp;
  }

  @Override
  public Gradients backward(Forward forward, INDArray dEmitted, List<INDArray> dFinalStates) {
    return KernelTeam.kernel(() -> backwardLoop(forward, dEmitted, dFinalStates));
  }

  private Gradients backwardLoop(Forward forward, INDArray dEmitted, List<INDArray> dFinalStates) {
    Tape tape = (Tape) forward;
    Input in = tape.input;
    RecurrentCell cell = tape.cell;
    INDArray xs = in.xs();
    int t = Math.toIntExact(xs.size(0));
    long b = xs.size(1);
    int u = cell.units();
    CellWeights grads = in.weights().zerosLike();
    List<INDArray> dS = new ArrayList<>();
    for (int k = 0; k < cell.stateCount(); k++) {
      INDArray given = dFinalStates == null ? null : dFinalStates.get(k);
      dS.add(given == null ? Nd4j.zeros(xs.dataType(), b, u) : given.dup());
    }
    INDArray dCarry = Nd4j.zeros(xs.dataType(), b, u);
    INDArray dxp = Nd4j.create(xs.dataType(), (long) t * b, (long) cell.gates() * u);
    for (int s = t - 1; s >= 0; s--) {
      INDArray dOut = dEmitted == null ? dCarry : dEmitted.slice(s).add(dCarry);
      INDArray m = tape.maskColumns[s];
      List<INDArray> dFresh = new ArrayList<>(dS.size());
      List<INDArray> passThrough = null;
      if (m == null) {
        dFresh.add(dS.get(0).add(dOut));
        dFresh.addAll(dS.subList(1, dS.size()));
        dCarry = Nd4j.zeros(xs.dataType(), b, u);
      } else {
        INDArray keep = m.rsub(1.0);
        passThrough = new ArrayList<>(dS.size());
        for (int k = 0; k < dS.size(); k++) {
          INDArray g = k == 0 ? dS.get(0).add(dOut) : dS.get(k);
          dFresh.add(g.mulColumnVector(m));
          passThrough.add(dS.get(k).mulColumnVector(keep));
        }
        dCarry =
            in.zeroOutputForMask() ? Nd4j.zeros(xs.dataType(), b, u) : dOut.mulColumnVector(keep);
      }
      RecurrentCell.StepGradient sg =
          cell.backward(tape.steps[s], dFresh, in.weights(), grads, in.recurrentMasks());
      dxp.get(interval(s * b, (s + 1) * b), all()).assign(sg.dxp());
      List<INDArray> prev = new ArrayList<>(sg.dPrevStates());
      if (passThrough != null) {
        for (int k = 0; k < prev.size(); k++) {
          prev.set(k, prev.get(k).add(passThrough.get(k)));
        }
      }
      dS = prev;
    }
    INDArray dxs = kernelAndInputGradients(cell, in, dxp, grads);
    return new Gradients(dxs, grads, dS);
  }

  /** Accumulates {@code dK} and the input bias gradient; returns {@code dxs [T, batch, F]}. */
  private static INDArray kernelAndInputGradients(
      RecurrentCell cell, Input in, INDArray dxp, CellWeights grads) {
    INDArray xs = in.xs();
    INDArray kernel = in.weights().kernel();
    INDArray[] masks = in.inputMasks();
    INDArray dx2d;
    if (masks == null || sameMask(masks)) {
      INDArray x = masks == null ? xs : mulPerStep(xs, masks[0]);
      grads.kernel().addi(flat(x).transpose().mmul(dxp));
      dx2d = dxp.mmul(kernel.transpose());
      if (masks != null) {
        dx2d = flat(mulPerStep(dx2d.reshape('c', xs.size(0), xs.size(1), xs.size(2)), masks[0]));
      }
    } else {
      int u = cell.units();
      dx2d = Nd4j.zeros(xs.dataType(), xs.size(0) * xs.size(1), xs.size(2));
      for (int g = 0; g < cell.gates(); g++) {
        INDArray dg = dxp.get(all(), interval(g * u, (g + 1) * u));
        INDArray xg = flat(mulPerStep(xs, masks[g]));
        grads.kernel().get(all(), interval(g * u, (g + 1) * u)).addi(xg.transpose().mmul(dg));
        INDArray part = dg.mmul(kernel.get(all(), interval(g * u, (g + 1) * u)).transpose());
        dx2d.addi(
            flat(mulPerStep(part.reshape('c', xs.size(0), xs.size(1), xs.size(2)), masks[g])));
      }
    }
    INDArray biasGrad = cell.inputBias(grads.bias());
    if (biasGrad != null) {
      biasGrad.addi(dxp.sum(0));
    }
    return dx2d.reshape('c', xs.size(0), xs.size(1), xs.size(2));
  }

  private static INDArray flat(INDArray xs) {
    return xs.reshape('c', xs.size(0) * xs.size(1), xs.size(2));
  }

  /** {@code xs [T, B, F]} times a per-sample mask {@code [B, F]} at every step, as a new array. */
  private static INDArray mulPerStep(INDArray xs, INDArray mask) {
    INDArray out = xs.dup('c');
    for (int s = 0; s < out.size(0); s++) {
      out.slice(s).muli(mask);
    }
    return out;
  }

  private static boolean sameMask(INDArray[] masks) {
    for (INDArray m : masks) {
      if (m != masks[0]) {
        return false;
      }
    }
    return true;
  }
}
