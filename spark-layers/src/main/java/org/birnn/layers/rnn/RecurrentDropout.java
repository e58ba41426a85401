package org.birnn.layers.rnn;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's dropout masks for a recurrent layer (training only, {@code 0 < rate < 1}): inverted masks
 * drawn once per call and reused at every step; with {@code recurrent_dropout > 0}, LSTM and GRU
 * draw one input and one recurrent mask per gate (Keras implementation 1).
 */
final class RecurrentDropout {
  private RecurrentDropout() {}

  /** One {@code [batch, features]} mask per gate, or {@code null} without input dropout. */
  static INDArray[] inputMasks(
      RecurrentConfig config, int gates, long b, long inputDim, Random random, DataType dtype) {
    double rate = config.dropout();
    if (!(rate > 0 && rate < 1)) {
      return null;
    }
    INDArray[] masks = new INDArray[gates];
    boolean perGate = config.recurrentDropout() > 0 && config.recurrentDropout() < 1;
    for (int g = 0; g < masks.length; g++) {
      masks[g] = perGate || g == 0 ? mask(b, inputDim, rate, random, dtype) : masks[0];
    }
    return masks;
  }

  /** One {@code [batch, units]} mask per gate, or {@code null} without recurrent dropout. */
  static INDArray[] recurrentMasks(
      RecurrentConfig config, int gates, long b, Random random, DataType dtype) {
    double rate = config.recurrentDropout();
    if (!(rate > 0 && rate < 1)) {
      return null;
    }
    INDArray[] masks = new INDArray[gates];
    for (int g = 0; g < masks.length; g++) {
      masks[g] = mask(b, config.units(), rate, random, dtype);
    }
    return masks;
  }

  /** Inverted dropout: kept entries are {@code 1 / (1 - rate)}, dropped entries 0. */
  private static INDArray mask(long rows, long cols, double rate, Random random, DataType dtype) {
    double[] v = new double[Math.toIntExact(rows * cols)];
    double keep = 1.0 / (1.0 - rate);
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextDouble() >= rate ? keep : 0.0;
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(dtype);
  }
}
