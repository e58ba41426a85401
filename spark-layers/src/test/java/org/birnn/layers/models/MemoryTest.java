package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** A long training loop must not grow ND4J's off-heap memory. */
class MemoryTest {
  private static long offHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return Pointer.totalBytes();
  }

  @Test
  void thousandsOfTrainingStepsDoNotGrowOffHeapMemory() throws InterruptedException {
    Sequential model =
        Sequential.of(
            Input.shape(3, 2),
            org.birnn.layers.rnn.Bidirectional.of(org.birnn.layers.rnn.LSTM.of(3)),
            org.birnn.layers.core.Dense.builder()
                .units(2)
                .activation(org.birnn.layers.activations.Activation.SOFTMAX)
                .build());
    model.compile("categorical_crossentropy", "adam");
    ModelTestData d = new ModelTestData(4, 3, 2, 2, 11);
    org.nd4j.linalg.api.ndarray.INDArray y3 = d.y;
    for (int i = 0; i < 300; i++) {
      model.trainOnBatch(d.x, y3);
    }
    long warm = offHeapAfterGc();
    for (int i = 0; i < 2000; i++) {
      model.trainOnBatch(d.x, y3);
    }
    long after = offHeapAfterGc();
    assertTrue(
        after - warm < 8L << 20,
        "off-heap bytes grew from " + warm + " to " + after + " over 2000 steps");
  }
}
