package org.birnn.layers.models;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which parts of the flat gradient vector a training step wrote, so that the next step zeroes only
 * those: a weight written whole, or only the rows a row-sparse gradient touched (an embedding
 * table's rows of the batch's ids). Zeroing the whole vector each step would cost a pass over the
 * vocabulary's table, which is most of a text model's parameters.
 */
final class GradientDirt {
  private static final byte CLEAN = 0;
  private static final byte ROWS = 1;
  private static final byte FULL = 2;
  private static final float[] ZEROS = new float[4096];

  private final long[] offsets;
  private final byte[] state;
  private final int[][] rows;
  private final int[] rowCount;
  private final int[] width;

  /**
   * @param offsets start of each weight in the flat vector, then its length
   * @param widths each weight's row width (its last dimension; 0 for a scalar)
   */
  GradientDirt(long[] offsets, int[] widths) {
    this.offsets = offsets.clone();
    int n = offsets.length - 1;
    this.state = new byte[n];
    this.rows = new int[n][];
    this.rowCount = new int[n];
    this.width = widths.clone();
    Arrays.fill(state, FULL);
  }

  /** Weight {@code k} was written anywhere. */
  void full(int k) {
    state[k] = FULL;
  }

  /** Every weight may have been written (the vector was handed out). */
  void allFull() {
    Arrays.fill(state, FULL);
  }

  /** Only rows {@code r} of weight {@code k} were written (unless it already is whole). */
  void rows(int k, int[] r) {
    if (state[k] == FULL) {
      return;
    }
    state[k] = ROWS;
    int[] have = rows[k] == null ? new int[Math.max(16, r.length)] : rows[k];
    if (rowCount[k] + r.length > have.length) {
      have = Arrays.copyOf(have, Math.max(have.length * 2, rowCount[k] + r.length));
    }
    System.arraycopy(r, 0, have, rowCount[k], r.length);
    rows[k] = have;
    rowCount[k] += r.length;
  }

  /** Zeroes what was written since the last call. */
  void zero(INDArray grads) {
    if (grads.dataType() != DataType.FLOAT || grads.elementWiseStride() != 1) {
      grads.assign(0);
    } else {
      FloatBuffer fb = grads.data().asNioFloat();
      int base = (int) grads.offset();
      for (int k = 0; k < state.length; k++) {
        if (state[k] == FULL) {
          fill(fb, base + offsets[k], offsets[k + 1] - offsets[k]);
        } else if (state[k] == ROWS) {
          for (int i = 0; i < rowCount[k]; i++) {
            fill(fb, base + offsets[k] + (long) rows[k][i] * width[k], width[k]);
          }
        }
      }
    }
    Arrays.fill(state, CLEAN);
    Arrays.fill(rowCount, 0);
  }

  private static void fill(FloatBuffer fb, long from, long length) {
    for (long done = 0; done < length; done += ZEROS.length) {
      int n = (int) Math.min(ZEROS.length, length - done);
      fb.put((int) (from + done), ZEROS, 0, n);
    }
  }
}
