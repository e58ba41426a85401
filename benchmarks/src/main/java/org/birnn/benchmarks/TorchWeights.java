package org.birnn.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One direction's Keras recurrent weights in libtorch's order and layout: {@code w_ih [gates*units,
 * input]}, {@code w_hh [gates*units, units]}, {@code b_ih}, {@code b_hh}. Keras's LSTM has one bias
 * (given as {@code b_ih}, with {@code b_hh} zero); GRU gate blocks go from Keras {@code z, r, h} to
 * libtorch {@code r, z, n}.
 */
final class TorchWeights {
  private TorchWeights() {}

  /** {@code keras}: kernel, recurrent kernel, bias of one direction. */
  static List<INDArray> of(String cell, int units, List<INDArray> keras) {
    INDArray kernel = keras.get(0);
    INDArray recurrent = keras.get(1);
    INDArray bias = keras.get(2);
    INDArray bIh;
    INDArray bHh;
    if (cell.equals("gru")) {
      kernel = gruToTorch(kernel, units);
      recurrent = gruToTorch(recurrent, units);
      bIh = gruToTorch(bias.getRow(0).reshape(1, 3L * units), units).reshape(3L * units);
      bHh = gruToTorch(bias.getRow(1).reshape(1, 3L * units), units).reshape(3L * units);
    } else {
      bIh = bias;
      bHh = bias.mul(0);
    }
    return List.of(kernel.transpose().dup('c'), recurrent.transpose().dup('c'), bIh, bHh);
  }

  /** {@code a} as a float32 libtorch tensor of the same shape, owned by {@code manager}. */
  static NDArray toTorch(NDManager manager, INDArray a) {
    INDArray c = a.castTo(DataType.FLOAT).dup('c');
    return manager.create(c.data().asFloat(), new Shape(c.shape()));
  }

  /** Keras GRU gate blocks {@code z, r, h} (columns) as libtorch's {@code r, z, n}. */
  private static INDArray gruToTorch(INDArray m, int u) {
    INDArray out = m.dup('c');
    out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, u))
        .assign(m.get(NDArrayIndex.all(), NDArrayIndex.interval(u, 2L * u)));
    out.get(NDArrayIndex.all(), NDArrayIndex.interval(u, 2L * u))
        .assign(m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, u)));
    return out;
  }
}
