package org.birnn.layers.rnn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How {@link Bidirectional} combines the forward output {@code y} and the time-aligned backward
 * output {@code yRev} (KERAS_SPEC O3). This enum is the only place the merge and its derivative are
 * written.
 */
public enum MergeMode {
  /** {@code [y, yRev]} on the last axis: forward features first; width {@code uF + uB}. */
  CONCAT("concat"),
  /** {@code y + yRev}. */
  SUM("sum"),
  /** {@code y * yRev}. */
  MUL("mul"),
  /** {@code (y + yRev) / 2}. */
  AVE("ave"),
  /** No merge: both outputs are returned, forward first (Keras {@code merge_mode=None}). */
  NONE(null);

  private final String kerasName;

  MergeMode(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The Keras name ({@code "concat"}, ...), or {@code null} for {@link #NONE}. */
  public String kerasName() {
    return kerasName;
  }

  /**
   * Parses a Keras {@code merge_mode}: exact and case-sensitive, {@code null} is {@link #NONE}
   * (KERAS_SPEC C4).
   *
   * @throws IllegalArgumentException for any other value
   */
  public static MergeMode fromKeras(String name) {
    if (name == null) {
      return NONE;
    }
    for (MergeMode m : values()) {
      if (name.equals(m.kerasName)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "Invalid merge mode. Received: "
            + name
            + ". Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", None}");
  }

  /** The Keras names of the modes that return one merged output: concat, sum, mul, ave. */
  public static String[] singleOutputNames() {
    return java.util.Arrays.stream(values())
        .map(MergeMode::kerasName)
        .filter(java.util.Objects::nonNull)
        .toArray(String[]::new);
  }

  /** Whether both directions must have the same width (every mode but concat and none). */
  public boolean needsEqualUnits() {
    return this == SUM || this == MUL || this == AVE;
  }

  /** Width of the merged last axis for direction widths {@code uF} and {@code uB}. */
  public int width(int uF, int uB) {
    return this == CONCAT ? uF + uB : uF;
  }

  /** The merged output(s): one tensor, or two for {@link #NONE}. */
  public List<INDArray> merge(INDArray y, INDArray yRev) {
    switch (this) {
      case CONCAT:
        {
          INDArray joined = org.birnn.layers.internal.Tensors.concatLast(y, yRev);
          return List.of(joined != null ? joined : Nd4j.concat(y.rank() - 1, y, yRev));
        }
      case SUM:
        return List.of(y.add(yRev));
      case MUL:
        return List.of(y.mul(yRev));
      case AVE:
        return List.of(y.add(yRev).divi(2.0));
      case NONE:
        return List.of(y, yRev);
      default:
        throw new IllegalStateException("unreachable: " + this);
    }
  }

  /**
   * The derivative of {@link #merge}: from the gradients of the merged output(s) (entries may be
   * {@code null} for zero) to {@code [dy, dyRev]} (entries {@code null} when zero).
   */
  public INDArray[] backward(List<INDArray> dMerged, INDArray y, INDArray yRev) {
    INDArray d = dMerged.get(0);
    if (this == NONE) {
      return new INDArray[] {d, dMerged.get(1)};
    }
    if (d == null) {
      return new INDArray[] {null, null};
    }
    switch (this) {
      case CONCAT:
        {
          int axis = d.rank() - 1;
          long uF = y.size(axis);
          long uB = yRev.size(axis);
          INDArray dy = d.get(lastAxisRange(d.rank(), 0, uF)).dup();
          INDArray dyRev = d.get(lastAxisRange(d.rank(), uF, uF + uB)).dup();
          return new INDArray[] {dy, dyRev};
        }
      case SUM:
        return new INDArray[] {d, d};
      case MUL:
        return new INDArray[] {d.mul(yRev), d.mul(y)};
      case AVE:
        {
          INDArray half = d.div(2.0);
          return new INDArray[] {half, half};
        }
      default:
        throw new IllegalStateException("unreachable: " + this);
    }
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex[] lastAxisRange(
      int rank, long from, long to) {
    org.nd4j.linalg.indexing.INDArrayIndex[] idx = new org.nd4j.linalg.indexing.INDArrayIndex[rank];
    for (int i = 0; i < rank - 1; i++) {
      idx[i] = org.nd4j.linalg.indexing.NDArrayIndex.all();
    }
    idx[rank - 1] = org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    return idx;
  }
}
