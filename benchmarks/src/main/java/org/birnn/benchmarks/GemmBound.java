package org.birnn.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Only the matrix products a two-direction layer needs, into preallocated buffers with {@code
 * Nd4j.gemm}: one input projection and {@code time} recurrent products per direction (three times
 * for training). No ND4J-based design can beat it.
 */
final class GemmBound implements Candidate {
  private final Workload w;
  private final int passes;
  private final INDArray xs;
  private final INDArray k;
  private final INDArray proj;
  private final INDArray h;
  private final INDArray rk;
  private final INDArray step;

  GemmBound(Workload w, boolean training) {
    this.w = w;
    int gu = w.gates() * w.units();
    xs = Nd4j.rand(DataType.FLOAT, (long) w.batch() * w.time(), w.input());
    k = Nd4j.rand(DataType.FLOAT, w.input(), gu);
    proj = Nd4j.create(DataType.FLOAT, (long) w.batch() * w.time(), gu);
    h = Nd4j.rand(DataType.FLOAT, w.batch(), w.units());
    rk = Nd4j.rand(DataType.FLOAT, w.units(), gu);
    step = Nd4j.create(DataType.FLOAT, w.batch(), gu);
    passes = training ? 3 : 1;
  }

  @Override
  public String name() {
    return "ND4J gemm bound";
  }

  @Override
  public void run() {
    for (int p = 0; p < passes * 2; p++) {
      Nd4j.gemm(xs, k, proj, false, false, 1.0, 0.0);
      for (int t = 0; t < w.time(); t++) {
        Nd4j.gemm(h, rk, step, false, false, 1.0, 0.0);
      }
    }
  }
}
