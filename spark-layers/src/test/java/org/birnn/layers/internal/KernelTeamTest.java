package org.birnn.layers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.core.Dense;
import org.birnn.layers.models.Input;
import org.birnn.layers.models.Sequential;
import org.birnn.layers.rnn.Bidirectional;
import org.birnn.layers.rnn.LSTM;
import org.birnn.layers.utils.NativeThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A batch gives its kernels the caller's team and runs every other native call on one thread. */
class KernelTeamTest {
  private int before;

  @BeforeEach
  void twoThreads() {
    before = NativeThreads.current();
    NativeThreads.limitTo(2);
  }

  @AfterEach
  void restore() {
    NativeThreads.limitTo(before);
  }

  @Test
  void inABatchKernelsKeepTheTeamAndOtherCallsRunOnOneThread() {
    int[] inKernel = new int[1];
    try (KernelTeam.Scope batch = KernelTeam.batch()) {
      assertEquals(1, NativeThreads.current(), "element-wise calls in a batch");
      assertEquals(2, KernelTeam.share());
      KernelTeam.kernel(() -> inKernel[0] = NativeThreads.current());
      assertEquals(2, inKernel[0], "a kernel gets the caller's team");
      assertEquals(2, KernelTeam.kernel(NativeThreads::current), "a kernel with a result too");
      assertEquals(1, NativeThreads.current(), "and gives it back");
      try (KernelTeam.Scope nested = KernelTeam.batch()) {
        assertEquals(2, KernelTeam.share(), "a nested batch changes nothing");
      }
      assertEquals(1, NativeThreads.current());
    }
    assertEquals(2, NativeThreads.current(), "closing the batch restores the caller's team");
  }

  @Test
  void outsideABatchNothingChanges() {
    int[] inKernel = new int[1];
    KernelTeam.kernel(() -> inKernel[0] = NativeThreads.current());
    assertEquals(2, inKernel[0]);
    assertEquals(2, KernelTeam.share());
    assertEquals(2, NativeThreads.current());
  }

  @Test
  void inABatchTwoDirectionsRunAtOnceWithOneKernelThreadEach() {
    assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs two cores");
    Thread[] ranOn = new Thread[2];
    int[] shares = new int[2];
    try (KernelTeam.Scope batch = KernelTeam.batch()) {
      DirectionPair.run(
          () -> {
            ranOn[0] = Thread.currentThread();
            shares[0] = KernelTeam.share();
          },
          () -> {
            ranOn[1] = Thread.currentThread();
            shares[1] = KernelTeam.share();
          });
      assertEquals(2, KernelTeam.share(), "the caller's share after the pair");
    }
    assertEquals(1, shares[0]);
    assertEquals(1, shares[1]);
    if (ranOn[1] != ranOn[0]) {
      assertNotSame(ranOn[0], ranOn[1]); // a helper took the backward direction
    }
  }

  @Test
  void trainingAndPredictingLeaveTheCallersTeam() {
    Sequential m =
        Sequential.of(
            Input.shape(5, 2),
            Bidirectional.of(LSTM.of(4)),
            Dense.builder().units(3).activation(Activation.SOFTMAX).build());
    m.compile("sparse_categorical_crossentropy", "adam");
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 5, 2);
    INDArray y = Nd4j.createFromArray(new float[] {0, 1, 2, 0, 1, 2, 0, 1}).reshape(8, 1);
    m.trainOnBatch(List.of(x), y);
    assertEquals(2, NativeThreads.current());
    m.predict(x);
    assertEquals(2, NativeThreads.current());
  }
}
