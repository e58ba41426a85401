package org.birnn.layers.rnn.cells;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent matrix product {@code h R} over a range of gate blocks, with Keras's optional
 * per-gate recurrent dropout masks ({@code (h * m_g) R_g}, implementation 1), and its gradient.
 *
 * <p>Without masks this is one matrix multiply for the whole range, which is the common case.
 */
final class RecurrentProjection {
  private RecurrentProjection() {}

  /**
   * Adds {@code h R[:, blocks]} into {@code target}, a {@code [batch, (to - from) * units]} array
   * (a view is fine).
   *
   * @param h previous state {@code [batch, units]}
   * @param r recurrent kernel {@code [units, gates * units]}
   * @param masks per-gate recurrent dropout masks {@code [batch, units]}, or {@code null}
   */
  static void addForward(
      INDArray target, INDArray h, INDArray r, INDArray[] masks, int units, int from, int to) {
    if (masks == null) {
      target.addi(h.mmul(blocks(r, units, from, to)));
      return;
    }
    for (int g = from; g < to; g++) {
      blocks(target, units, g - from, g - from + 1)
          .addi(h.mul(masks[g]).mmul(blocks(r, units, g, g + 1)));
    }
  }

  /**
   * Backward of {@link #addForward}: accumulates {@code dR[:, blocks] += (h m)^T dz} and returns
   * {@code dh}, a new {@code [batch, units]} array.
   *
   * @param dz gradient with respect to the target, {@code [batch, (to - from) * units]}
   */
  static INDArray backward(
      INDArray dz,
      INDArray h,
      INDArray r,
      INDArray dR,
      INDArray[] masks,
      int units,
      int from,
      int to) {
    if (masks == null) {
      blocks(dR, units, from, to).addi(h.transpose().mmul(dz));
      return dz.mmul(blocks(r, units, from, to).transpose());
    }
    INDArray dh = h.ulike().assign(0);
    for (int g = from; g < to; g++) {
      INDArray dzg = blocks(dz, units, g - from, g - from + 1);
      blocks(dR, units, g, g + 1).addi(h.mul(masks[g]).transpose().mmul(dzg));
      dh.addi(dzg.mmul(blocks(r, units, g, g + 1).transpose()).muli(masks[g]));
    }
    return dh;
  }

  /** The column view of gate blocks {@code [from, to)} of a {@code [rows, gates * units]} array. */
  static INDArray blocks(INDArray a, int units, int from, int to) {
    return a.get(all(), interval((long) from * units, (long) to * units));
  }
}
