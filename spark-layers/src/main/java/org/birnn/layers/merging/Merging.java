package org.birnn.layers.merging;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mask rule shared by the merge layers: the AND of the inputs' time masks (Keras). */
final class Merging {
  private Merging() {}

  static INDArray andMasks(List<INDArray> masks) {
    INDArray out = null;
    if (masks == null) {
      return null;
    }
    for (INDArray m : masks) {
      if (m == null) {
        continue;
      }
      INDArray b = m.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).neq(0.0);
      out =
          out == null
              ? b
              : b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                  .muli(out.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
                  .neq(0.0);
    }
    return out;
  }
}
