package org.birnn.pipelines.training;

import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.List;
import org.birnn.layers.utils.FloatArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A padded minibatch: inputs {@code [size, time]} (ids) or {@code [size, time, dim]} (vectors),
 * zero-padded at the end, and labels {@code [size]} (a class per sequence) or {@code [size, time]}
 * (a tag per step, 0 at padding steps, which the network's mask leaves out of the loss). Plain
 * arrays, so it caches and ships cheaply.
 */
public final class Batch implements Serializable {
  private static final long serialVersionUID = 1L;
  private final float[] x;
  private final float[] y;
  private final int size;
  private final int time;
  private final int dim;
  private final boolean perStep;

  private Batch(float[] x, float[] y, int size, int time, int dim, boolean perStep) {
    this.x = x;
    this.y = y;
    this.size = size;
    this.time = time;
    this.dim = dim;
    this.perStep = perStep;
  }

  /** Pads {@code examples} to the longest of them. */
  public static Batch of(List<SequenceExample> examples) {
    int time = paddedLength(examples);
    int dim = examples.get(0).dim();
    int step = Math.max(dim, 1);
    float[] x = new float[examples.size() * time * step];
    boolean perStep = examples.get(0).tags() != null;
    float[] y = new float[examples.size() * (perStep ? time : 1)];
    for (int i = 0; i < examples.size(); i++) {
      SequenceExample e = examples.get(i);
      System.arraycopy(e.values(), 0, x, i * time * step, e.length() * step);
      if (perStep) {
        for (int t = 0; t < e.length(); t++) {
          y[i * time + t] = e.tags()[t];
        }
      } else {
        y[i] = e.label();
      }
    }
    return new Batch(x, y, examples.size(), time, dim, perStep);
  }

  /**
   * The inputs of {@code examples} padded to the longest of them, zeros after each sequence, as a
   * new float32 ND4J array {@code [n, time]} (token ids) or {@code [n, time, dim]} (vectors): what
   * {@code of(examples).features()} holds, written straight into the array. Scoring builds one per
   * minibatch; the padded heap copy in between was a second copy of every value (3.2 MB a minibatch
   * of 64 x 100 x 128 floats, each a fresh humongous allocation for the collector).
   */
  public static INDArray features(List<SequenceExample> examples) {
    int time = paddedLength(examples);
    int dim = examples.get(0).dim();
    int n = examples.size();
    INDArray x =
        dim == 0
            ? Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, time}, 'c')
            : Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, time, dim}, 'c');
    FloatBuffer out = x.data().asNioFloat();
    int step = Math.max(dim, 1);
    int row = time * step;
    float[] zeros = new float[Math.min(row, 4096)];
    for (int i = 0; i < n; i++) {
      SequenceExample e = examples.get(i);
      int kept = e.length() * step;
      out.put(i * row, e.values(), 0, kept);
      for (int at = kept; at < row; at += zeros.length) {
        out.put(i * row + at, zeros, 0, Math.min(zeros.length, row - at));
      }
    }
    return x;
  }

  /** The longest sequence of {@code examples}, at least 1: the padded length of their batch. */
  private static int paddedLength(List<SequenceExample> examples) {
    int time = 1;
    for (SequenceExample e : examples) {
      time = Math.max(time, e.length());
    }
    return time;
  }

  /** A hash of the contents and shape (the data part of a {@link TrainingFingerprint}). */
  long contentHash() {
    long h = java.util.Arrays.hashCode(x);
    h = 31 * h + java.util.Arrays.hashCode(y);
    return 31 * (31 * (31 * h + size) + time) + dim;
  }

  /** Number of sequences. */
  public int size() {
    return size;
  }

  /** The padded length. */
  public int time() {
    return time;
  }

  /** The inputs as an ND4J array. */
  public INDArray features() {
    return dim == 0 ? FloatArrays.of(x, size, time) : FloatArrays.of(x, size, time, dim);
  }

  /** The class indices {@code [size]}, or the tag indices {@code [size, time]}. */
  public INDArray labels() {
    return perStep ? FloatArrays.of(y, size, time) : FloatArrays.of(y, size);
  }
}
