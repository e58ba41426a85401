package org.birnn.layers.internal.onednn;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.internal.DirectionPair;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.utils.NativeMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training pass of an unmasked {@code Bidirectional(merge_mode="concat")} with zero initial
 * states, in oneDNN's fused layout: both directions read the {@code [batch, time, features]} input
 * in place (the backward one right to left) and write their columns of the {@code [batch, time,
 * units_f + units_b]} output; the backward pass reads each direction's columns of the output
 * gradient in place and writes batch-major input gradients. The layer-by-layer path would make
 * about a dozen sequence-sized copies per step (time-major transposes, flips, the concat and its
 * split); this makes the output and the two input gradients. It computes what that path computes;
 * the wrapper tests the two against each other.
 */
public final class FusedTraining {
  /**
   * Gradients of one backward pass: input {@code [batch, time, features]}, each direction's weights
   * in Keras layout, and each direction's initial states {@code [batch, units]}.
   */
  public record Gradients(
      INDArray input,
      CellWeights forward,
      CellWeights backward,
      List<INDArray> forwardStates,
      List<INDArray> backwardStates) {}

  private final DirectionTape forward;
  private final DirectionTape backward;
  private final CellWeights fw;
  private final CellWeights bw;
  private final INDArray out;

  private FusedTraining(
      DirectionTape forward, DirectionTape backward, CellWeights fw, CellWeights bw, INDArray out) {
    this.forward = forward;
    this.backward = backward;
    this.fw = fw;
    this.bw = bw;
    this.out = out;
  }

  /**
   * Runs the forward pass, keeping what the backward pass needs.
   *
   * @param x {@code [batch, time, features]}, float32
   */
  public static FusedTraining run(
      RecurrentCell fc, CellWeights fw, RecurrentCell bc, CellWeights bw, INDArray x) {
    INDArray in = OneDnnKernel.contiguous(x);
    INDArray out =
        Nd4j.createUninitialized(DataType.FLOAT, in.size(0), in.size(1), fc.units() + bc.units());
    DirectionTape f = DirectionTape.fused(fc, fw, in, out, 0, false);
    DirectionTape b = DirectionTape.fused(bc, bw, in, out, fc.units(), true);
    DirectionPair.run(() -> f.run(true), () -> b.run(true));
    return new FusedTraining(f, b, fw, bw, out);
  }

  /** The merged output {@code [batch, time, units_f + units_b]}. */
  public INDArray output() {
    return out;
  }

  /**
   * The gradients for the output gradient {@code dOut} (same shape as the output, {@code null} for
   * zero). A second call recomputes the forward pass first (its values are unchanged).
   */
  public Gradients backward(INDArray dOut) {
    INDArray d =
        dOut == null ? Nd4j.zeros(DataType.FLOAT, out.shape()) : OneDnnKernel.contiguous(dOut);
    DirectionTape.Gradients[] g = new DirectionTape.Gradients[2];
    DirectionPair.run(() -> g[0] = backwardOf(forward, d), () -> g[1] = backwardOf(backward, d));
    if (d != dOut) {
      NativeMemory.release(d);
    }
    INDArray dx = g[0].dx().addi(g[1].dx());
    NativeMemory.release(g[1].dx());
    return new Gradients(
        dx,
        OneDnnKernel.kerasGradients(forward.kind, forward.cell.units(), fw, g[0]),
        OneDnnKernel.kerasGradients(backward.kind, backward.cell.units(), bw, g[1]),
        g[0].dInit(),
        g[1].dInit());
  }

  private static DirectionTape.Gradients backwardOf(DirectionTape tape, INDArray d) {
    if (!tape.hasWorkspace()) {
      tape.run(true);
    }
    List<INDArray> dLast = new ArrayList<>();
    for (int k = 0; k < tape.cell.stateCount(); k++) {
      dLast.add(Nd4j.zeros(DataType.FLOAT, d.size(0), tape.cell.units()));
    }
    DirectionTape.Gradients g = tape.backward(d, dLast);
    dLast.forEach(NativeMemory::release);
    return g;
  }
}
