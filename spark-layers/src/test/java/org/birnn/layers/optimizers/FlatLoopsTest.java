package org.birnn.layers.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The one-pass updates give the reference ND4J form's floats bit for bit, over many steps, on views
 * inside larger buffers (as the model's flat parameter and state vectors are).
 */
class FlatLoopsTest {
  private static final int N = 10_007; // not a multiple of any vector width

  @ParameterizedTest
  @ValueSource(doubles = {0.001, 0.05})
  void adamMatchesTheNd4jFormBitForBit(double lr) {
    Optimizer adam = Optimizer.get("adam", lr);
    INDArray[] fused = setUp(3);
    INDArray[] reference = {fused[0].dup(), fused[1].dup()};
    for (long step = 0; step < 25; step++) {
      INDArray grads = Nd4j.randn(DataType.FLOAT, N).muli(step % 5 == 0 ? 100 : 0.01);
      adam.apply(view(fused[0], 2), view(grads, 0), view(fused[1], 1), step, offsets());
      System.setProperty("birnn.fusedOptimizer", "false");
      try {
        adam.apply(view(reference[0], 2), view(grads, 0), view(reference[1], 1), step, offsets());
      } finally {
        System.clearProperty("birnn.fusedOptimizer");
      }
    }
    assertArrayEquals(reference[0].toFloatVector(), fused[0].toFloatVector(), "weights");
    assertArrayEquals(reference[1].toFloatVector(), fused[1].toFloatVector(), "moments");
    assertTrue(
        !java.util.Arrays.equals(setUp(3)[0].toFloatVector(), fused[0].toFloatVector()),
        "the weights moved");
  }

  /** Weights with room before them, and a state of two slots with room before it. */
  private static INDArray[] setUp(int seed) {
    Nd4j.getRandom().setSeed(seed);
    return new INDArray[] {
      Nd4j.randn(DataType.FLOAT, N + 2), Nd4j.zeros(DataType.FLOAT, 2 * N + 1), null
    };
  }

  private static INDArray view(INDArray buffer, long from) {
    long length = buffer.length() - from;
    return buffer.get(NDArrayIndex.interval(from, from + (length >= 2 * N ? 2 * N : N)));
  }

  private static long[] offsets() {
    return new long[] {0, 17, 4000, N};
  }
}
