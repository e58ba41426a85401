package org.birnn.layers.models;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.OptionalLong;
import org.birnn.layers.utils.MallocInfo;
import org.junit.jupiter.api.Test;

/**
 * A long training loop must not grow ND4J's off-heap memory, measured as the C allocator's bytes in
 * use (where ND4J's buffers live; JavaCPP's own count does not see them).
 */
class MemoryTest {
  private static long offHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return MallocInfo.inUseBytes().getAsLong();
  }

  @Test
  void thousandsOfTrainingStepsDoNotGrowOffHeapMemory() throws InterruptedException {
    OptionalLong available = MallocInfo.inUseBytes();
    assumeTrue(available.isPresent(), "glibc 2.33+ with JNA is needed for mallinfo2");
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
    System.out.println("malloc in use over 2000 steps: " + warm + " -> " + after + " bytes");
    assertTrue(
        after - warm < 4L << 20, // a leak of 2 KiB a step would pass it
        "off-heap bytes grew from " + warm + " to " + after + " over 2000 steps");
  }
}
