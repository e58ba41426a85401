package org.birnn.layers.rnn;

import java.util.ArrayList;
import java.util.List;
import org.birnn.layers.internal.Tensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checks of what a recurrent layer is called with: input {@code [batch, time, features]}, mask
 * {@code [batch, time]}, initial states {@code [batch, units]}. Each error names the layer, the
 * shape received and the shape expected.
 */
final class RecurrentInputs {
  private RecurrentInputs() {}

  static void checkRank(String what, INDArray inputs) {
    if (inputs == null || inputs.rank() != 3) {
      throw new IllegalArgumentException(
          what
              + " expects input of rank 3 [batch, time, features]; received shape "
              + Tensors.shape(inputs));
    }
  }

  static void checkShape(String what, INDArray inputs, long inputDim) {
    if (inputs.size(2) != inputDim) {
      throw new IllegalArgumentException(
          what
              + " received input of shape "
              + Tensors.shape(inputs)
              + " but was built for "
              + inputDim
              + " features (shape [batch, time, "
              + inputDim
              + "])");
    }
    if (inputs.size(1) < 1 || inputs.size(0) < 1) {
      throw new IllegalArgumentException(
          what
              + " needs at least one sample and one time step; received shape "
              + Tensors.shape(inputs));
    }
  }

  static void checkMask(String what, INDArray mask, long b, long t) {
    if (mask.rank() != 2 || mask.size(0) != b || mask.size(1) != t) {
      throw new IllegalArgumentException(
          what
              + ": mask must have shape [batch, time] = ["
              + b
              + ", "
              + t
              + "]; received "
              + Tensors.shape(mask));
    }
  }

  /** Given initial states, checked to be {@code count} arrays {@code [b, u]}, in {@code dtype}. */
  static List<INDArray> initialStates(
      String what, List<INDArray> given, int count, long b, int u, DataType dtype) {
    if (given.size() != count) {
      throw new IllegalArgumentException(
          what
              + " expects "
              + count
              + " initial state tensor(s) of shape [batch, "
              + u
              + "]; received "
              + given.size());
    }
    List<INDArray> out = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      INDArray s = given.get(i);
      if (s == null || s.rank() != 2 || s.size(0) != b || s.size(1) != u) {
        throw new IllegalArgumentException(
            what
                + ": initial state "
                + i
                + " must have shape ["
                + b
                + ", "
                + u
                + "]; received "
                + Tensors.shape(s));
      }
      out.add(Tensors.as(s, dtype));
    }
    return out;
  }
}
