package org.birnn.layers.internal.onednn;

import java.nio.FloatBuffer;
import java.util.List;
import org.birnn.layers.internal.HeapFloats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A masked batch whose kept steps are one contiguous run per sample, the shape padding gives (right
 * padding forward; left padding once a {@code go_backwards} layer has reversed time).
 *
 * <p>oneDNN has no masks, so each sample's run is shifted to start at step 0 ("packed"), the
 * primitive runs over the whole padded length, and the results are shifted back. Keras semantics
 * hold exactly: before its run a sample keeps its initial state and emits 0; after it, the state
 * stays at the run's last state and the output is 0 or the last output ({@code
 * zero_output_for_mask}). Steps past a run compute on zeros, but nothing reads them, and their
 * gradients are zero, so they add nothing to any gradient.
 *
 * <p>All arrays are time-major {@code [T, batch, width]}, dense float32.
 */
final class RaggedBatch {
  /** Packed lengths are rounded up to this, so batches share their primitives more often. */
  private static final int LENGTH_QUANTUM = 8;

  private final int t;
  private final int b;
  private final int[] start;
  private final int[] length;

  /** The steps the packed arrays hold: the longest run, rounded up. */
  private final int packedT;

  private RaggedBatch(int t, int b, int[] start, int[] length, int packedT) {
    this.t = t;
    this.b = b;
    this.start = start;
    this.length = length;
    this.packedT = packedT;
  }

  /**
   * The runs of {@code mask [T, batch]} (1 kept, 0 masked), or {@code null} if a sample's kept
   * steps are not contiguous.
   */
  static RaggedBatch of(INDArray mask) {
    return scan(mask, true);
  }

  /** As {@link #of}, for a batch-major mask {@code [batch, T]} (non-zero kept). */
  static RaggedBatch ofRows(INDArray mask) {
    return scan(mask, false);
  }

  /**
   * The runs of a batch-major {@code [batch, time, features]} input under {@code mask [batch,
   * time]} (every step kept when it is {@code null}), or {@code null} if a sample's kept steps are
   * not contiguous.
   */
  static RaggedBatch ofInput(INDArray x, INDArray mask) {
    return mask == null
        ? full(Math.toIntExact(x.size(1)), Math.toIntExact(x.size(0)))
        : ofRows(mask);
  }

  /** Every sample kept for all {@code t} steps. */
  static RaggedBatch full(int t, int b) {
    int[] length = new int[b];
    java.util.Arrays.fill(length, t);
    return new RaggedBatch(t, b, new int[b], length, Math.max(1, t));
  }

  private static RaggedBatch scan(INDArray mask, boolean timeMajor) {
    int t = Math.toIntExact(mask.size(timeMajor ? 0 : 1));
    int b = Math.toIntExact(mask.size(timeMajor ? 1 : 0));
    boolean[] m = HeapFloats.nonZero(mask);
    int[] start = new int[b];
    int[] length = new int[b];
    for (int j = 0; j < b; j++) {
      int first = -1;
      int last = -1;
      for (int s = 0; s < t; s++) {
        if (m[timeMajor ? s * b + j : j * t + s]) {
          if (first < 0) {
            first = s;
          } else if (last != s - 1) {
            return null; // a hole inside the run
          }
          last = s;
        }
      }
      start[j] = Math.max(first, 0);
      length[j] = first < 0 ? 0 : last - first + 1;
    }
    return new RaggedBatch(t, b, start, length, packedLength(t, length));
  }

  /** The longest run rounded up to {@link #LENGTH_QUANTUM}, at most {@code t}, at least 1. */
  private static int packedLength(int t, int[] length) {
    int longest = 0;
    for (int len : length) {
      longest = Math.max(longest, len);
    }
    if (longest == 0) {
      return 1; // oneDNN needs a step even when every run is empty
    }
    return Math.min(t, (longest + LENGTH_QUANTUM - 1) / LENGTH_QUANTUM * LENGTH_QUANTUM);
  }

  /** Whether every step is kept (then the mask changes nothing). */
  boolean dense() {
    for (int j = 0; j < b; j++) {
      if (length[j] != t) {
        return false;
      }
    }
    return true;
  }

  /** The full padded length. */
  int fullLength() {
    return t;
  }

  /** The batch size. */
  int batch() {
    return b;
  }

  /** The first kept step of row {@code j}. */
  int start(int j) {
    return start[j];
  }

  /** The kept steps of row {@code j}. */
  int length(int j) {
    return length[j];
  }

  /**
   * The input step of row {@code j}'s {@code s}-th kept step, counting from the run's end when
   * {@code reverse} (the backward direction's order).
   */
  int inputStep(int j, int s, boolean reverse) {
    return reverse ? start[j] + length[j] - 1 - s : start[j] + s;
  }

  /** The steps the packed arrays hold. */
  int packedLength() {
    return packedT;
  }

  /** Inputs {@code [T, batch, w]} packed: each run moved to step 0, zeros after it. */
  INDArray pack(INDArray xs) {
    INDArray src = OneDnnKernel.contiguous(xs);
    int w = Math.toIntExact(src.size(2));
    INDArray out = Nd4j.zeros(DataType.FLOAT, packedT, b, w);
    FloatBuffer in = src.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] row = new float[w];
    for (int j = 0; j < b; j++) {
      for (int s = 0; s < length[j]; s++) {
        in.get(full(start[j] + s, j, w), row);
        o.put(packed(s, j, w), row);
      }
    }
    return out;
  }

  /**
   * Writes packed sequences (input gradients, outputs) back to their steps of {@code out [T, batch,
   * w]}; masked steps are left as they are.
   */
  void unpackInto(INDArray packedValues, INDArray out) {
    int w = Math.toIntExact(packedValues.size(2));
    FloatBuffer in = packedValues.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] row = new float[w];
    for (int j = 0; j < b; j++) {
      for (int s = 0; s < length[j]; s++) {
        in.get(packed(s, j, w), row);
        o.put(full(start[j] + s, j, w), row);
      }
    }
  }

  /**
   * Writes the emitted outputs in Keras semantics from the packed outputs into {@code out [T,
   * batch, w]} (zero-filled by the caller): each run's outputs at its steps, then, unless {@code
   * zeroOutputForMask}, its last output repeated over the trailing masked steps.
   */
  void unpackOutputsInto(INDArray dst, INDArray out, boolean zeroOutputForMask) {
    unpackInto(dst, out);
    if (zeroOutputForMask) {
      return;
    }
    int w = Math.toIntExact(dst.size(2));
    FloatBuffer in = dst.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] row = new float[w];
    for (int j = 0; j < b; j++) {
      if (length[j] > 0) {
        in.get(packed(length[j] - 1, j, w), row);
        for (int s = start[j] + length[j]; s < t; s++) {
          o.put(full(s, j, w), row);
        }
      }
    }
  }

  /**
   * Writes the final {@code h} into {@code h [batch, w]}: {@code h} at each run's last step, the
   * initial {@code h} for an empty run. oneDNN's other final states (LSTM's {@code c}) are not any
   * sample's when runs are shorter than the packed length, so callers that need them get the
   * reference kernel instead.
   */
  void finalHInto(INDArray dst, INDArray initH, INDArray h) {
    int w = Math.toIntExact(dst.size(2));
    FloatBuffer in = dst.data().asNioFloat();
    FloatBuffer h0 = OneDnnKernel.contiguous(initH).data().asNioFloat();
    FloatBuffer o = h.data().asNioFloat();
    float[] row = new float[w];
    for (int j = 0; j < b; j++) {
      if (length[j] > 0) {
        in.get(packed(length[j] - 1, j, w), row);
      } else {
        h0.get(j * w, row);
      }
      o.put(j * w, row);
    }
  }

  /**
   * The gradient with respect to the packed outputs: each kept step's own gradient, plus, at a
   * run's last step, the gradients of the outputs that repeat it and of the final {@code h}.
   */
  INDArray packOutputGradients(
      INDArray dEmitted, List<INDArray> dFinalStates, boolean zeroOutputForMask, int w) {
    INDArray out = Nd4j.zeros(DataType.FLOAT, packedT, b, w);
    FloatBuffer o = out.data().asNioFloat();
    float[] row = new float[w];
    float[] acc = new float[w];
    FloatBuffer de =
        dEmitted == null ? null : OneDnnKernel.contiguous(dEmitted).data().asNioFloat();
    INDArray dh = dFinalStates == null ? null : dFinalStates.get(0);
    FloatBuffer dhBuf = dh == null ? null : OneDnnKernel.contiguous(dh).data().asNioFloat();
    for (int j = 0; j < b; j++) {
      if (length[j] == 0) {
        continue; // the final-h gradient of an empty run goes to the initial state (addEmptyRuns)
      }
      if (de != null) {
        for (int s = 0; s < length[j]; s++) {
          de.get(full(start[j] + s, j, w), row);
          o.put(packed(s, j, w), row);
        }
      }
      java.util.Arrays.fill(acc, 0f);
      if (de != null && !zeroOutputForMask) {
        for (int s = start[j] + length[j]; s < t; s++) {
          de.get(full(s, j, w), row);
          add(acc, row);
        }
      }
      if (dhBuf != null) {
        dhBuf.get(j * w, row);
        add(acc, row);
      }
      int at = packed(length[j] - 1, j, w);
      o.get(at, row);
      add(row, acc);
      o.put(at, row);
    }
    return out;
  }

  /**
   * Adds the final-{@code h} gradient of empty runs to the initial-{@code h} gradient {@code dInitH
   * [batch, w]}.
   */
  void addEmptyRuns(INDArray dInitH, List<INDArray> dFinalStates) {
    INDArray dh = dFinalStates == null ? null : dFinalStates.get(0);
    if (dh == null) {
      return;
    }
    int w = Math.toIntExact(dInitH.size(1));
    FloatBuffer src = OneDnnKernel.contiguous(dh).data().asNioFloat();
    FloatBuffer dst = dInitH.data().asNioFloat();
    float[] row = new float[w];
    float[] acc = new float[w];
    for (int j = 0; j < b; j++) {
      if (length[j] == 0) {
        src.get(j * w, row);
        dst.get(j * w, acc);
        add(acc, row);
        dst.put(j * w, acc);
      }
    }
  }

  /** Offset of step {@code s}, row {@code j} in a full {@code [T, batch, w]} array. */
  private int full(int s, int j, int w) {
    return Math.toIntExact(((long) s * b + j) * w);
  }

  /** Offset of step {@code s}, row {@code j} in a packed {@code [packedT, batch, w]} array. */
  private int packed(int s, int j, int w) {
    return Math.toIntExact(((long) s * b + j) * w);
  }

  private static void add(float[] acc, float[] row) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += row[i];
    }
  }
}
