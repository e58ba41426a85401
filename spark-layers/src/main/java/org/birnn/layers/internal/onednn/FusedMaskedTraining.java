package org.birnn.layers.internal.onednn;

import java.nio.FloatBuffer;
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
 * The training pass of a masked (or last-step) {@code Bidirectional(merge_mode="concat")} with zero
 * initial states: a classifier's and a tagger's layer. Each direction packs its runs from the
 * {@code [batch, time, features]} input straight into oneDNN's time-major layout (reversed for the
 * backward one, see {@link RaggedBatch}), trains over the padded packed length, and writes its
 * outputs into its columns of the result; the backward pass reads each direction's columns of the
 * output gradient the same way and sums both directions' input gradients straight into one
 * batch-major array.
 *
 * <p>The layer-by-layer path makes about a dozen sequence-sized copies per step for the same result
 * (time-major transposes, the reversal, flips, the concat and its split, the unpacked outputs and
 * gradients of each direction); this makes the packed inputs, the output and the input gradient.
 * The wrapper tests the two against each other.
 */
public final class FusedMaskedTraining {
  private final RecurrentCell fc;
  private final CellWeights fw;
  private final RecurrentCell bc;
  private final CellWeights bw;
  private final INDArray in;
  private final RaggedBatch runs;
  private final boolean sequences;
  private final INDArray out;
  private Direction forward;
  private Direction backward;

  /** One direction's tape, its zero initial states, and its place in the merged output. */
  private record Direction(DirectionTape tape, List<INDArray> init, int column, boolean reverse) {
    /** Frees the packed input, the outputs, the workspace and the states. */
    void release() {
      tape.release();
      init.forEach(NativeMemory::release);
      if (tape.last != null) {
        tape.last.forEach(NativeMemory::release);
      }
    }
  }

  private FusedMaskedTraining(
      RecurrentCell fc,
      CellWeights fw,
      RecurrentCell bc,
      CellWeights bw,
      INDArray in,
      RaggedBatch runs,
      boolean sequences) {
    this.fc = fc;
    this.fw = fw;
    this.bc = bc;
    this.bw = bw;
    this.in = in;
    this.runs = runs;
    this.sequences = sequences;
    int b = runs.batch();
    int width = fc.units() + bc.units();
    // Zeros: masked steps and empty runs emit 0 (the sub-layers' zero_output_for_mask).
    this.out =
        sequences
            ? Nd4j.zeros(DataType.FLOAT, b, runs.fullLength(), width)
            : Nd4j.zeros(DataType.FLOAT, b, width);
  }

  /**
   * Runs the forward pass, keeping what the backward pass needs, or returns {@code null} when a
   * sample's kept steps are not one contiguous run.
   *
   * @param x {@code [batch, time, features]}, float32
   * @param mask {@code [batch, time]}, non-zero kept, or {@code null} for none
   * @param returnSequences whether the output is {@code [batch, time, units_f + units_b]} (zeros at
   *     masked steps) rather than {@code [batch, units_f + units_b]} (each run's last output)
   */
  public static FusedMaskedTraining run(
      RecurrentCell fc,
      CellWeights fw,
      RecurrentCell bc,
      CellWeights bw,
      INDArray x,
      INDArray mask,
      boolean returnSequences) {
    RaggedBatch runs = RaggedBatch.ofInput(x, mask);
    if (runs == null) {
      return null;
    }
    FusedMaskedTraining pass =
        new FusedMaskedTraining(fc, fw, bc, bw, OneDnnKernel.contiguous(x), runs, returnSequences);
    pass.forwardPass();
    return pass;
  }

  private void forwardPass() {
    Direction[] d = new Direction[2];
    DirectionPair.run(
        () -> d[0] = direction(fc, fw, 0, false), () -> d[1] = direction(bc, bw, fc.units(), true));
    forward = d[0];
    backward = d[1];
  }

  private Direction direction(RecurrentCell cell, CellWeights w, int column, boolean reverse) {
    TimeSegments one = TimeSegments.single(runs);
    INDArray packed = FusedBidirectional.packSegment(in, runs, one, 0, reverse);
    List<INDArray> init = DirectionTape.zeroStates(cell, runs.batch());
    DirectionTape tape = new DirectionTape(cell, packed, true, init, w);
    tape.run(true);
    FusedBidirectional.unpackSegment(tape.dst, runs, one, 0, out, column, reverse, sequences);
    return new Direction(tape, init, column, reverse);
  }

  /** The merged output, {@code [batch, time, width]} or {@code [batch, width]}. */
  public INDArray output() {
    return out;
  }

  /**
   * The gradients for the output gradient {@code dOut} (the output's shape, {@code null} for zero):
   * the initial-state gradients are those of the zero states the directions started from. A second
   * call recomputes the forward pass first (its values are unchanged).
   */
  public FusedTraining.Gradients backward(INDArray dOut) {
    if (forward == null) {
      forwardPass();
    }
    INDArray d = dOut == null ? null : OneDnnKernel.contiguous(dOut);
    DirectionTape.Gradients[] g = new DirectionTape.Gradients[2];
    Direction f = forward;
    Direction r = backward;
    DirectionPair.run(() -> g[0] = backwardOf(f, d), () -> g[1] = backwardOf(r, d));
    if (d != null && d != dOut) {
      NativeMemory.release(d);
    }
    INDArray dx = Nd4j.zeros(DataType.FLOAT, in.shape());
    addInputGradient(g[0].dx(), f.reverse(), dx);
    addInputGradient(g[1].dx(), r.reverse(), dx);
    NativeMemory.release(g[0].dx());
    NativeMemory.release(g[1].dx());
    FusedTraining.Gradients grads =
        new FusedTraining.Gradients(
            dx,
            OneDnnKernel.kerasGradients(f.tape().kind, fc.units(), fw, g[0]),
            OneDnnKernel.kerasGradients(r.tape().kind, bc.units(), bw, g[1]),
            g[0].dInit(),
            g[1].dInit());
    // The packed inputs and outputs are done with: a second backward packs and runs again.
    f.release();
    r.release();
    forward = null;
    backward = null;
    return grads;
  }

  private DirectionTape.Gradients backwardOf(Direction dir, INDArray dOut) {
    RecurrentCell cell = dir.tape().cell;
    int u = cell.units();
    INDArray dDst = outputGradient(dOut, dir.column(), dir.reverse(), u);
    List<INDArray> dLast = new ArrayList<>();
    for (int k = 0; k < cell.stateCount(); k++) {
      dLast.add(Nd4j.zeros(DataType.FLOAT, runs.batch(), u));
    }
    DirectionTape.Gradients g = dir.tape().backward(dDst, dLast);
    NativeMemory.release(dDst);
    dLast.forEach(NativeMemory::release);
    return g;
  }

  /**
   * The gradient with respect to a direction's packed outputs {@code [packed, batch, u]}: its
   * columns of {@code dOut} at each kept step (in the direction's order), or at each run's last
   * step for a last-step output; zeros past a run.
   */
  private INDArray outputGradient(INDArray dOut, int column, boolean reverse, int u) {
    int b = runs.batch();
    INDArray packed = Nd4j.zeros(DataType.FLOAT, runs.packedLength(), b, u);
    if (dOut == null) {
      return packed;
    }
    int t = runs.fullLength();
    int width = Math.toIntExact(out.size(out.rank() - 1));
    FloatBuffer src = dOut.data().asNioFloat();
    FloatBuffer dst = packed.data().asNioFloat();
    float[] row = new float[u];
    for (int j = 0; j < b; j++) {
      int len = runs.length(j);
      if (!sequences) {
        if (len > 0) {
          src.get(j * width + column, row);
          dst.put(((len - 1) * b + j) * u, row);
        }
        continue;
      }
      for (int s = 0; s < len; s++) {
        int time = runs.inputStep(j, s, reverse);
        src.get(Math.toIntExact(((long) j * t + time) * width + column), row);
        dst.put(Math.toIntExact(((long) s * b + j) * u), row);
      }
    }
    return packed;
  }

  /** Adds a direction's packed input gradients {@code [packed, batch, f]} into {@code dx}. */
  private void addInputGradient(INDArray packed, boolean reverse, INDArray dx) {
    int b = runs.batch();
    int t = runs.fullLength();
    int f = Math.toIntExact(dx.size(2));
    FloatBuffer src = packed.data().asNioFloat();
    FloatBuffer dst = dx.data().asNioFloat();
    float[] row = new float[f];
    float[] acc = new float[f];
    for (int j = 0; j < b; j++) {
      for (int s = 0; s < runs.length(j); s++) {
        int at = Math.toIntExact(((long) j * t + runs.inputStep(j, s, reverse)) * f);
        src.get(Math.toIntExact(((long) s * b + j) * f), row);
        dst.get(at, acc);
        for (int k = 0; k < f; k++) {
          acc[k] += row[k];
        }
        dst.put(at, acc);
      }
    }
  }
}
