package org.birnn.layers.internal.onednn;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
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
  private final int t;
  private final int b;
  private final int[] start;
  private final int[] length;

  private RaggedBatch(int t, int b, int[] start, int[] length) {
    this.t = t;
    this.b = b;
    this.start = start;
    this.length = length;
  }

  /**
   * The runs of {@code mask [T, batch]} (1 kept, 0 masked), or {@code null} if a sample's kept
   * steps are not contiguous.
   */
  static RaggedBatch of(INDArray mask) {
    int t = Math.toIntExact(mask.size(0));
    int b = Math.toIntExact(mask.size(1));
    float[] m = mask.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int[] start = new int[b];
    int[] length = new int[b];
    for (int j = 0; j < b; j++) {
      int first = -1;
      int last = -1;
      for (int s = 0; s < t; s++) {
        if (m[s * b + j] != 0f) {
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
    return new RaggedBatch(t, b, start, length);
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

  /** Inputs with each run moved to step 0 and zeros after it. */
  INDArray pack(INDArray xs) {
    INDArray src = OneDnnKernel.contiguous(xs);
    int w = Math.toIntExact(src.size(2));
    INDArray out = Nd4j.zeros(DataType.FLOAT, t, b, w);
    FloatBuffer in = src.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] row = new float[w];
    for (int j = 0; j < b; j++) {
      for (int s = 0; s < length[j]; s++) {
        copy(in, start[j] + s, j, o, s, j, row);
      }
    }
    return out;
  }

  /** Input gradients moved back to their time steps, zero at masked steps. */
  INDArray unpack(INDArray packed) {
    int w = Math.toIntExact(packed.size(2));
    INDArray out = Nd4j.zeros(DataType.FLOAT, t, b, w);
    FloatBuffer in = packed.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] row = new float[w];
    for (int j = 0; j < b; j++) {
      for (int s = 0; s < length[j]; s++) {
        copy(in, s, j, o, start[j] + s, j, row);
      }
    }
    return out;
  }

  /** The emitted outputs in Keras semantics from the packed outputs. */
  INDArray unpackOutputs(INDArray dst, boolean zeroOutputForMask) {
    int w = Math.toIntExact(dst.size(2));
    INDArray out = Nd4j.zeros(DataType.FLOAT, t, b, w);
    FloatBuffer in = dst.data().asNioFloat();
    FloatBuffer o = out.data().asNioFloat();
    float[] row = new float[w];
    for (int j = 0; j < b; j++) {
      for (int s = 0; s < length[j]; s++) {
        copy(in, s, j, o, start[j] + s, j, row);
      }
      if (!zeroOutputForMask && length[j] > 0) {
        for (int s = start[j] + length[j]; s < t; s++) {
          copy(in, length[j] - 1, j, o, s, j, row);
        }
      }
    }
    return out;
  }

  /**
   * Final states: {@code h} at each run's last step (the initial {@code h} for an empty run); other
   * states {@code null}.
   */
  List<INDArray> finalStates(INDArray dst, int states, List<INDArray> init) {
    List<INDArray> out = new ArrayList<>();
    int w = Math.toIntExact(dst.size(2));
    INDArray h = Nd4j.create(DataType.FLOAT, b, w);
    FloatBuffer in = dst.data().asNioFloat();
    FloatBuffer h0 = OneDnnKernel.contiguous(init.get(0)).data().asNioFloat();
    FloatBuffer o = h.data().asNioFloat();
    float[] row = new float[w];
    for (int j = 0; j < b; j++) {
      if (length[j] > 0) {
        in.get((int) (((long) (length[j] - 1) * b + j) * w), row);
      } else {
        h0.get(j * w, row);
      }
      o.put(j * w, row);
    }
    out.add(h);
    for (int k = 1; k < states; k++) {
      // A ragged batch has runs shorter than the packed length: oneDNN's final cell state is
      // not any sample's (callers that need it get the reference kernel instead).
      out.add(null);
    }
    return out;
  }

  /**
   * The gradient with respect to the packed outputs: each kept step's own gradient, plus, at a
   * run's last step, the gradients of the outputs that repeat it and of the final {@code h}.
   */
  INDArray packOutputGradients(
      INDArray dEmitted, List<INDArray> dFinalStates, boolean zeroOutputForMask, int w) {
    INDArray out = Nd4j.zeros(DataType.FLOAT, t, b, w);
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
          copy(de, start[j] + s, j, o, s, j, row);
        }
      }
      java.util.Arrays.fill(acc, 0f);
      if (de != null && !zeroOutputForMask) {
        for (int s = start[j] + length[j]; s < t; s++) {
          de.get((int) (((long) s * b + j) * w), row);
          add(acc, row);
        }
      }
      if (dhBuf != null) {
        dhBuf.get(j * w, row);
        add(acc, row);
      }
      int at = (int) (((long) (length[j] - 1) * b + j) * w);
      o.get(at, row);
      add(row, acc);
      o.put(at, row);
    }
    return out;
  }

  /** Adds the final-{@code h} gradient of empty runs to the initial-{@code h} gradient. */
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

  private void copy(FloatBuffer in, int s, int j, FloatBuffer out, int s2, int j2, float[] row) {
    int w = row.length;
    in.get((int) (((long) s * b + j) * w), row);
    out.put((int) (((long) s2 * b + j2) * w), row);
  }

  private static void add(float[] acc, float[] row) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += row[i];
    }
  }
}
