package org.birnn.layers.models;

import org.birnn.layers.KerasTensor;
import org.birnn.layers.core.InputLayer;

/** Keras {@code keras.Input}: the symbolic input of a model. */
public final class Input {
  private Input() {}

  /**
   * {@code Input(shape=(dims...))}: the batch axis is added in front; {@code -1} marks an unknown
   * dimension (such as a variable time axis).
   */
  public static KerasTensor shape(long... dims) {
    long[] batchShape = new long[dims.length + 1];
    batchShape[0] = -1;
    System.arraycopy(dims, 0, batchShape, 1, dims.length);
    InputLayer layer = InputLayer.builder().batchShape(batchShape).build();
    return KerasTensor.input(layer, layer.batchShape());
  }

  /** An input with a full batch shape, dtype and name. */
  public static KerasTensor of(long[] batchShape, String dtype, String name) {
    InputLayer layer =
        InputLayer.builder().batchShape(batchShape).inputDtype(dtype).name(name).build();
    return KerasTensor.input(layer, layer.batchShape());
  }
}
