package org.birnn.layers.models;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Generated sequence-classification data: the class is which feature dominates the sequence. */
final class ModelTestData {
  final INDArray x;
  final INDArray y;

  ModelTestData(int n, int time, int features, int classes, long seed) {
    Random r = new Random(seed);
    double[] xs = new double[n * time * features];
    double[] ys = new double[n * classes];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(classes);
      ys[i * classes + c] = 1;
      for (int t = 0; t < time; t++) {
        for (int f = 0; f < features; f++) {
          double signal = f % classes == c ? 0.8 : 0.0;
          xs[(i * time + t) * features + f] = signal + 0.3 * r.nextGaussian();
        }
      }
    }
    x = Nd4j.create(xs, new long[] {n, time, features}, DataType.DOUBLE).castTo(DataType.FLOAT);
    y = Nd4j.create(ys, new long[] {n, classes}, DataType.DOUBLE).castTo(DataType.FLOAT);
  }
}
