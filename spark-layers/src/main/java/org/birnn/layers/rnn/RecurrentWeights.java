package org.birnn.layers.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.birnn.layers.internal.Tensors;
import org.birnn.layers.regularizers.Regularizer;
import org.birnn.layers.rnn.cells.CellWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The initialization, checks and sums of a recurrent layer's weights {@code kernel [features,
 * gates*units]}, {@code recurrent_kernel [units, gates*units]} and {@code bias}.
 */
final class RecurrentWeights {
  private static final String[] NAMES = {"kernel", "recurrent_kernel", "bias"};

  private RecurrentWeights() {}

  /** Fresh weights from the configured initializers, for {@code inputDim} features. */
  static CellWeights initial(
      RecurrentConfig config, int gates, long inputDim, DataType dtype, Random random) {
    int u = config.units();
    long gu = (long) gates * u;
    INDArray k = config.kernelInitializer().initialize(new long[] {inputDim, gu}, dtype, random);
    INDArray r = config.recurrentInitializer().initialize(new long[] {u, gu}, dtype, random);
    return new CellWeights(
        k, r, config.useBias() ? initialBias(config, u, gu, dtype, random) : null);
  }

  private static INDArray initialBias(
      RecurrentConfig config, int u, long gu, DataType dtype, Random random) {
    if (config.cellType() == CellType.GRU && config.resetAfter()) {
      return config.biasInitializer().initialize(new long[] {2, gu}, dtype, random);
    }
    if (config.cellType() == CellType.LSTM && config.unitForgetBias()) {
      // Keras: the forget block is exactly 1.0, not bias_init + 1 (KERAS_SPEC W7).
      return Nd4j.concat(
          0,
          config.biasInitializer().initialize(new long[] {u}, dtype, random),
          Nd4j.ones(dtype, u),
          config.biasInitializer().initialize(new long[] {2L * u}, dtype, random));
    }
    return config.biasInitializer().initialize(new long[] {gu}, dtype, random);
  }

  /**
   * Assigns {@code values} to {@code mine} after checking their count and shapes; an error names
   * the layer, the weight and both shapes.
   */
  static void assign(
      String what, List<INDArray> mine, List<INDArray> values, boolean useBias, DataType dtype) {
    if (values.size() != mine.size()) {
      throw new IllegalArgumentException(
          what
              + " expects "
              + mine.size()
              + " weight arrays (kernel, recurrent_kernel"
              + (useBias ? ", bias" : "")
              + "); received "
              + values.size());
    }
    for (int i = 0; i < mine.size(); i++) {
      if (!Arrays.equals(mine.get(i).shape(), values.get(i).shape())) {
        throw new IllegalArgumentException(
            what
                + ": weight "
                + i
                + " ("
                + NAMES[i]
                + ") must have shape "
                + Tensors.shape(mine.get(i))
                + "; received "
                + Tensors.shape(values.get(i)));
      }
    }
    for (int i = 0; i < mine.size(); i++) {
      mine.get(i).assign(Tensors.as(values.get(i), dtype));
    }
  }

  /** The regularization penalty of {@code weights}, each with its regularizer (or none). */
  static double penalty(Regularizer[] regs, List<INDArray> weights) {
    double p = 0;
    for (int i = 0; i < weights.size(); i++) {
      if (regs[i] != null) {
        p += regs[i].penalty(weights.get(i));
      }
    }
    return p;
  }

  /** The penalty's gradient with respect to each weight (zeros where none applies). */
  static List<INDArray> penaltyGradients(Regularizer[] regs, List<INDArray> weights) {
    List<INDArray> out = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      INDArray w = weights.get(i);
      out.add(regs[i] == null ? null : regs[i].gradient(w)); // null: nothing to add
    }
    return out;
  }
}
