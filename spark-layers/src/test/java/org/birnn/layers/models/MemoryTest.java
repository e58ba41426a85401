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

  /**
   * The network is sized so that a leak of any one per-step array is unmissable: an LSTM gate
   * buffer of this batch is 32 x 20 x 128 floats, 320 KiB, so one kept per step adds 190 MiB over
   * the measured steps, while the allocator's own movement over the same steps (the JVM's
   * compilers, other tests' threads in the same JVM) stayed within about 15 MiB.
   */
  private static final long BOUND = 48L << 20;

  @Test
  void trainingStepsDoNotGrowOffHeapMemory() throws InterruptedException {
    OptionalLong available = MallocInfo.inUseBytes();
    assumeTrue(available.isPresent(), "glibc 2.33+ with JNA is needed for mallinfo2");
    Sequential model =
        Sequential.of(
            Input.shape(20, 16),
            org.birnn.layers.rnn.Bidirectional.of(org.birnn.layers.rnn.LSTM.of(32)),
            org.birnn.layers.core.Dense.builder()
                .units(4)
                .activation(org.birnn.layers.activations.Activation.SOFTMAX)
                .build());
    model.compile("categorical_crossentropy", "adam");
    ModelTestData d = new ModelTestData(32, 20, 16, 4, 11);
    for (int i = 0; i < 100; i++) {
      model.trainOnBatch(d.x, d.y);
    }
    long warm = offHeapAfterGc();
    int steps = 600;
    for (int i = 0; i < steps; i++) {
      model.trainOnBatch(d.x, d.y);
    }
    long after = offHeapAfterGc();
    System.out.println(
        "malloc in use over " + steps + " steps: " + warm + " -> " + after + " bytes");
    assertTrue(
        after - warm < BOUND,
        "off-heap bytes grew from " + warm + " to " + after + " over " + steps + " steps");
  }
}
