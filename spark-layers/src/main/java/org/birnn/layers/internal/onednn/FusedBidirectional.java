package org.birnn.layers.internal.onednn;

import java.nio.FloatBuffer;
import java.util.List;
import org.birnn.layers.internal.DirectionPair;
import org.birnn.layers.rnn.cells.CellWeights;
import org.birnn.layers.rnn.cells.RecurrentCell;
import org.birnn.layers.utils.NativeMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inference pass of an unmasked {@code Bidirectional(merge_mode="concat")} with zero initial
 * states, as two oneDNN calls and no copies: both directions read the {@code [batch, time,
 * features]} input in place, the backward one from right to left (so its outputs are already
 * aligned with input time, as the wrapper would flip them), and each writes its columns of the
 * {@code [batch, time, units_f + units_b]} output. It computes exactly what the layer-by-layer path
 * computes; the wrapper tests the two against each other.
 */
public final class FusedBidirectional {
  private FusedBidirectional() {}

  /** Whether both cells run on oneDNN for input {@code x}. */
  public static boolean eligible(RecurrentCell forward, RecurrentCell backward, INDArray x) {
    return OneDnnRuntime.available()
        && RnnKind.of(forward) != null
        && RnnKind.of(backward) != null
        && x.dataType() == DataType.FLOAT;
  }

  /**
   * The merged output {@code [batch, time, units_f + units_b]}.
   *
   * @param x {@code [batch, time, features]}
   */
  public static INDArray concat(
      RecurrentCell forward, CellWeights fw, RecurrentCell backward, CellWeights bw, INDArray x) {
    INDArray in = OneDnnKernel.contiguous(x);
    long b = in.size(0);
    long t = in.size(1);
    int width = forward.units() + backward.units();
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, b, t, width);
    DirectionTape f = DirectionTape.fused(forward, fw, in, out, 0, false);
    DirectionTape r = DirectionTape.fused(backward, bw, in, out, forward.units(), true);
    DirectionPair.run(() -> f.run(false), () -> r.run(false));
    f.release();
    r.release();
    if (in != x) {
      NativeMemory.release(in);
    }
    return out;
  }

  /**
   * The merged output of a masked (or last-step) concat pass at inference with zero initial states:
   * {@code [batch, time, units_f + units_b]} with zeros at masked steps ({@code returnSequences}),
   * else {@code [batch, units_f + units_b]}, each direction's output at the end of its run. Each
   * direction packs its runs from the {@code [batch, time, features]} input straight into oneDNN's
   * layout (reversed for the backward one) and writes its outputs straight into its columns of the
   * result: no time-major copies, flips or concatenation.
   *
   * @param mask {@code [batch, time]}, non-zero kept, or {@code null} for none
   * @return the output, or {@code null} when a sample's kept steps are not one contiguous run
   */
  public static INDArray concatPacked(
      RecurrentCell forward,
      CellWeights fw,
      RecurrentCell backward,
      CellWeights bw,
      INDArray x,
      INDArray mask,
      boolean returnSequences) {
    int b = Math.toIntExact(x.size(0));
    int t = Math.toIntExact(x.size(1));
    RaggedBatch all = mask == null ? RaggedBatch.full(t, b) : RaggedBatch.ofRows(mask);
    if (all == null) {
      return null;
    }
    INDArray in = OneDnnKernel.contiguous(x);
    int width = forward.units() + backward.units();
    // Zeros: masked steps and empty runs emit 0.
    INDArray out =
        returnSequences
            ? Nd4j.zeros(DataType.FLOAT, b, t, width)
            : Nd4j.zeros(DataType.FLOAT, b, width);
    DirectionPair.run(
        () -> direction(forward, fw, in, all, out, 0, false, returnSequences),
        () -> direction(backward, bw, in, all, out, forward.units(), true, returnSequences));
    if (in != x) {
      NativeMemory.release(in);
    }
    return out;
  }

  private static void direction(
      RecurrentCell cell,
      CellWeights w,
      INDArray in,
      RaggedBatch g,
      INDArray out,
      int column,
      boolean reverse,
      boolean returnSequences) {
    List<INDArray> init = DirectionTape.zeroStates(cell, g.batch());
    DirectionTape tape = new DirectionTape(cell, pack(in, g, reverse), true, init, w);
    tape.run(false);
    unpack(tape.dst, g, out, column, reverse, returnSequences);
    tape.release();
    for (int k = 0; k < init.size(); k++) {
      NativeMemory.release(init.get(k));
      NativeMemory.release(tape.last.get(k));
    }
  }

  /** The runs of {@code in [batch, time, f]} as {@code [packed T, batch, f]}. */
  private static INDArray pack(INDArray in, RaggedBatch g, boolean reverse) {
    int t = Math.toIntExact(in.size(1));
    int f = Math.toIntExact(in.size(2));
    int n = g.batch();
    INDArray packed = Nd4j.zeros(DataType.FLOAT, g.packedLength(), n, f);
    FloatBuffer src = in.data().asNioFloat();
    FloatBuffer dst = packed.data().asNioFloat();
    float[] step = new float[f];
    for (int j = 0; j < n; j++) {
      int start = g.start(j);
      int len = g.length(j);
      for (int s = 0; s < len; s++) {
        int time = reverse ? start + len - 1 - s : start + s;
        src.get(Math.toIntExact(((long) j * t + time) * f), step);
        dst.put(Math.toIntExact(((long) s * n + j) * f), step);
      }
    }
    return packed;
  }

  /**
   * Writes a direction's packed outputs {@code [packed T, batch, u]} into its columns of {@code
   * out}, back at their input time steps (or only each run's last output).
   */
  private static void unpack(
      INDArray dst,
      RaggedBatch g,
      INDArray out,
      int column,
      boolean reverse,
      boolean returnSequences) {
    int n = g.batch();
    int u = Math.toIntExact(dst.size(2));
    int width = Math.toIntExact(out.size(out.rank() - 1));
    int t = returnSequences ? Math.toIntExact(out.size(1)) : 1;
    FloatBuffer src = dst.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] step = new float[u];
    for (int j = 0; j < n; j++) {
      int start = g.start(j);
      int len = g.length(j);
      if (!returnSequences) {
        if (len > 0) {
          src.get(Math.toIntExact(((long) (len - 1) * n + j) * u), step);
          o.put(j * width + column, step);
        }
        continue;
      }
      for (int s = 0; s < len; s++) {
        int time = reverse ? start + len - 1 - s : start + s;
        src.get(Math.toIntExact(((long) s * n + j) * u), step);
        o.put(Math.toIntExact(((long) j * t + time) * width + column), step);
      }
    }
  }
}
