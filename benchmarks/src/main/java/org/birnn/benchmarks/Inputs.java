package org.birnn.benchmarks;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One batch of a workload, the same for every candidate: {@code x [batch, time, input]} uniform in
 * [-0.5, 0.5), and for W4 a right-padding mask {@code [batch, time]} with lengths drawn in [5,
 * time] (the padding itself is zeros, as a padded text batch).
 */
record Inputs(INDArray x, INDArray mask, int[] lengths) {
  static Inputs of(Workload w, long seed) {
    Random r = new Random(seed);
    INDArray x = Nd4j.create(DataType.FLOAT, w.batch(), w.time(), w.input());
    float[] data = new float[(int) x.length()];
    for (int i = 0; i < data.length; i++) {
      data[i] = r.nextFloat() - 0.5f;
    }
    x.assign(Nd4j.createFromArray(data).reshape(x.shape()));
    if (!w.variableLengths()) {
      return new Inputs(x, null, null);
    }
    INDArray mask = Nd4j.zeros(DataType.FLOAT, w.batch(), w.time());
    int[] lengths = new int[w.batch()];
    for (int b = 0; b < w.batch(); b++) {
      lengths[b] = Math.min(w.time(), 5 + r.nextInt(Math.max(1, w.time() - 4)));
      for (int t = 0; t < w.time(); t++) {
        if (t < lengths[b]) {
          mask.putScalar(b, t, 1);
        } else {
          for (int f = 0; f < w.input(); f++) {
            x.putScalar(new long[] {b, t, f}, 0);
          }
        }
      }
    }
    return new Inputs(x, mask, lengths);
  }
}
