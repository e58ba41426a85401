package org.birnn.layers.models;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.birnn.layers.Layer;
import org.birnn.layers.optimizers.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Keras 3's optimizer variables ({@code optimizer/vars/0..n} of an archive's weights file) read
 * into a compiled model's flat optimizer state, so that a fine-tune continues where Keras stopped.
 *
 * <p>Keras lists {@code iterations}, then the learning rate when it is a variable (not a schedule),
 * then the slots of every trainable weight as {@link Optimizer#kerasSlotGroups()} describes, each
 * of the weight's shape. An optimizer that never took a step has only the first two: the state
 * stays fresh.
 */
final class KerasOptimizerState {
  private KerasOptimizerState() {}

  /**
   * How many leading variables come before the slots (iterations, and the learning rate when it is
   * a variable), or -1 when {@code count} variables are not a built {@code optimizer} of this
   * model.
   */
  static int head(Model model, Optimizer optimizer, int count) {
    int slots = optimizer.slots() * trainable(model).size();
    int head = count - slots;
    return slots > 0 && (head == 1 || head == 2) ? head : -1;
  }

  /**
   * Assigns {@code vars} (a built optimizer's variables, {@link #head} of them leading) to the
   * state of compiled {@code model}, and its iteration count.
   *
   * @throws IOException naming {@code where} and the variable whose shape does not fit
   */
  static void assign(Model model, List<INDArray> vars, int head, String where) throws IOException {
    Optimizer optimizer = model.optimizer();
    INDArray state = model.optimizerState();
    long n = model.parameters().length();
    int k = head;
    int slotBase = 0;
    for (int group : optimizer.kerasSlotGroups()) {
      for (Weight weight : trainable(model)) {
        long[] shape = weight.shape();
        for (int j = 0; j < group; j++) {
          INDArray v = vars.get(k);
          if (!Arrays.equals(v.shape(), shape)) {
            throw new IOException(
                where
                    + ": optimizer/vars/"
                    + k
                    + " has shape "
                    + Arrays.toString(v.shape())
                    + "; "
                    + optimizer.className()
                    + " slot "
                    + (slotBase + j)
                    + " of the weight at offset "
                    + weight.offset()
                    + " needs "
                    + Arrays.toString(shape));
          }
          long from = (slotBase + j) * n + weight.offset();
          state
              .get(NDArrayIndex.interval(from, from + weight.length()))
              .assign(v.castTo(state.dataType()).reshape(-1));
          k++;
        }
      }
      slotBase += group;
    }
    model.setIterations(vars.get(0).getLong(0));
  }

  /** A trainable weight tensor: where it starts in the flat vector, its length and shape. */
  private record Weight(long offset, long length, long[] shape) {}

  /** Each weight tensor of a trainable layer, in order. */
  private static List<Weight> trainable(Model model) {
    long[] offsets = model.weightOffsets();
    List<Weight> out = new ArrayList<>();
    int w = 0;
    for (Layer layer : model.layers()) {
      for (INDArray a : layer.weightArrays()) {
        if (layer.trainable()) {
          out.add(new Weight(offsets[w], offsets[w + 1] - offsets[w], a.shape()));
        }
        w++;
      }
    }
    return out;
  }
}
