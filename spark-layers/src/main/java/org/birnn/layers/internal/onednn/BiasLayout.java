package org.birnn.layers.internal.onednn;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts a Keras bias to oneDNN's {@code [biasGates * units]} and its gradient back.
 *
 * <p>Only GRU with {@code reset_after} differs: Keras keeps an input row and a recurrent row {@code
 * [2, 3 units]}, both added for the update and reset gates, while oneDNN's linear-before-reset GRU
 * takes their sums for {@code u, r}, the input bias of the candidate, and the recurrent bias of the
 * candidate as a fourth block. The gradient of a summed block goes to both rows.
 */
final class BiasLayout {
  private BiasLayout() {}

  /** The oneDNN bias (zeros without bias), dense float32. */
  static INDArray toOneDnn(RnnKind kind, INDArray bias, int u) {
    if (bias == null) {
      return Nd4j.zeros(DataType.FLOAT, (long) kind.biasGates * u);
    }
    if (kind != RnnKind.LBR_GRU) {
      return OneDnnKernel.inPlace(bias.reshape(bias.length()));
    }
    INDArray b = bias.castTo(DataType.FLOAT);
    INDArray out = Nd4j.create(DataType.FLOAT, 4L * u);
    out.get(interval(0, 2L * u))
        .assign(b.get(point(0), interval(0, 2L * u)).add(b.get(point(1), interval(0, 2L * u))));
    out.get(interval(2L * u, 3L * u)).assign(b.get(point(0), interval(2L * u, 3L * u)));
    out.get(interval(3L * u, 4L * u)).assign(b.get(point(1), interval(2L * u, 3L * u)));
    return out;
  }

  /** The gradient of the Keras bias from the gradient of oneDNN's. */
  static INDArray toKeras(RnnKind kind, INDArray dBias, int u) {
    if (kind != RnnKind.LBR_GRU) {
      return dBias;
    }
    INDArray out = Nd4j.create(DataType.FLOAT, 2, 3L * u);
    INDArray gates = dBias.get(interval(0, 2L * u));
    out.get(point(0), interval(0, 2L * u)).assign(gates);
    out.get(point(1), interval(0, 2L * u)).assign(gates);
    out.get(point(0), interval(2L * u, 3L * u)).assign(dBias.get(interval(2L * u, 3L * u)));
    out.get(point(1), interval(2L * u, 3L * u)).assign(dBias.get(interval(3L * u, 4L * u)));
    return out;
  }
}
