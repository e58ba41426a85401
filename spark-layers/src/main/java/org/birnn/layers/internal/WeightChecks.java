package org.birnn.layers.internal;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Count and shape checks for {@code setWeights} and {@code bindWeights}. */
public final class WeightChecks {
  private WeightChecks() {}

  /**
   * Fails unless {@code given} has as many arrays as {@code mine}, each of the same shape.
   *
   * @param owner names the layer in the message
   */
  public static void checkSame(String owner, List<INDArray> mine, List<INDArray> given) {
    if (given.size() != mine.size()) {
      throw new IllegalArgumentException(
          owner + " expects " + mine.size() + " weight arrays; received " + given.size());
    }
    for (int i = 0; i < mine.size(); i++) {
      if (!Arrays.equals(mine.get(i).shape(), given.get(i).shape())) {
        throw new IllegalArgumentException(
            owner
                + ": weight "
                + i
                + " must have shape "
                + Arrays.toString(mine.get(i).shape())
                + "; received "
                + Arrays.toString(given.get(i).shape()));
      }
    }
  }
}
