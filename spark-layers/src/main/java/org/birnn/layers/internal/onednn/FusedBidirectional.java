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
import org.nd4j.linalg.indexing.NDArrayIndex;

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

  /**
   * Sets the fixed cost per oneDNN call, in floating-point operations, that decides how a masked
   * inference pass splits into time segments (0 splits at every 8 steps; tests compare the split
   * and the single pass) and returns the previous value.
   */
  public static double setSegmentCallCost(double flops) {
    double before = TimeSegments.callCostFlops;
    TimeSegments.callCostFlops = flops;
    return before;
  }

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
    RaggedBatch all = RaggedBatch.ofInput(x, mask);
    if (all == null) {
      return null;
    }
    int b = all.batch();
    int t = all.fullLength();
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

  /**
   * One direction in time segments ({@link TimeSegments}): each runs on the rows still running,
   * from the states the previous one ended in (a prefix of its rows, as rows are sorted longest
   * first); a single segment is the padded pass over the whole batch.
   */
  private static void direction(
      RecurrentCell cell,
      CellWeights w,
      INDArray in,
      RaggedBatch g,
      INDArray out,
      int column,
      boolean reverse,
      boolean returnSequences) {
    double stepFlops = 2.0 * RnnKind.of(cell).gates * cell.units() * (in.size(2) + cell.units());
    TimeSegments segments = TimeSegments.of(g, stepFlops);
    // Every array of the pass is one of this thread's reused buffers: the states alternate
    // between two sets, a segment's final states being the next one's initial states.
    SegmentBuffers buffers = SegmentBuffers.get();
    int count = cell.stateCount();
    int u = cell.units();
    List<INDArray> states = buffers.states(1, count, segments.rows(0), u, true);
    try (ReorderedWeights reordered = new ReorderedWeights(w)) {
      for (int k = 0; k < segments.count(); k++) {
        int n = segments.rows(k);
        List<INDArray> init = new java.util.ArrayList<>();
        for (INDArray state : states) {
          // The first n rows of the previous segment's final states: a row-major prefix, which
          // oneDNN reads in place (the view starts at its buffer's first element).
          init.add(
              n == state.size(0)
                  ? state
                  : state.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()));
        }
        long steps = segments.bound(k + 1) - segments.bound(k);
        INDArray packed = buffers.zeros(SegmentBuffers.PACKED, steps, n, in.size(2));
        packInto(packed, in, g, segments, k, reverse);
        List<INDArray> last = buffers.states(k % 2, count, n, u, false);
        INDArray dst = buffers.array(SegmentBuffers.OUTPUT, steps, n, u);
        DirectionTape tape =
            new DirectionTape(cell, packed, false, init, w).sharing(reordered).into(dst, last);
        tape.run(false);
        unpackSegment(dst, g, segments, k, out, column, reverse, returnSequences);
        tape.release();
        states = last;
      }
    } finally {
      buffers.trim();
    }
  }

  /** Segment {@code k}'s steps of its rows' runs, {@code [steps, rows, f]}, zeros past a run. */
  static INDArray packSegment(
      INDArray in, RaggedBatch g, TimeSegments segments, int k, boolean reverse) {
    INDArray packed =
        Nd4j.zeros(
            DataType.FLOAT,
            segments.bound(k + 1) - segments.bound(k),
            segments.rows(k),
            in.size(2));
    packInto(packed, in, g, segments, k, reverse);
    return packed;
  }

  /** Writes segment {@code k}'s steps into {@code packed [steps, rows, f]}, which holds zeros. */
  static void packInto(
      INDArray packed, INDArray in, RaggedBatch g, TimeSegments segments, int k, boolean reverse) {
    int t = Math.toIntExact(in.size(1));
    int f = Math.toIntExact(in.size(2));
    int n = segments.rows(k);
    int from = segments.bound(k);
    int to = segments.bound(k + 1);
    FloatBuffer src = in.data().asNioFloat();
    FloatBuffer dst = packed.data().asNioFloat();
    float[] step = new float[f];
    for (int i = 0; i < n; i++) {
      int j = segments.row(i);
      int len = g.length(j);
      for (int s = from; s < Math.min(len, to); s++) {
        int time = g.inputStep(j, s, reverse);
        src.get(Math.toIntExact(((long) j * t + time) * f), step);
        dst.put(Math.toIntExact(((long) (s - from) * n + i) * f), step);
      }
    }
  }

  /**
   * Writes segment {@code k}'s outputs {@code [steps, rows, u]} into its columns of {@code out}.
   */
  static void unpackSegment(
      INDArray dst,
      RaggedBatch g,
      TimeSegments segments,
      int k,
      INDArray out,
      int column,
      boolean reverse,
      boolean returnSequences) {
    int n = segments.rows(k);
    int from = segments.bound(k);
    int to = segments.bound(k + 1);
    int u = Math.toIntExact(dst.size(2));
    int width = Math.toIntExact(out.size(out.rank() - 1));
    int t = returnSequences ? Math.toIntExact(out.size(1)) : 1;
    FloatBuffer src = dst.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] step = new float[u];
    for (int i = 0; i < n; i++) {
      int j = segments.row(i);
      int len = g.length(j);
      if (!returnSequences) {
        if (len - 1 >= from && len - 1 < to) {
          src.get(Math.toIntExact(((long) (len - 1 - from) * n + i) * u), step);
          o.put(j * width + column, step);
        }
        continue;
      }
      for (int s = from; s < Math.min(len, to); s++) {
        int time = g.inputStep(j, s, reverse);
        src.get(Math.toIntExact(((long) (s - from) * n + i) * u), step);
        o.put(Math.toIntExact(((long) j * t + time) * width + column), step);
      }
    }
  }
}
