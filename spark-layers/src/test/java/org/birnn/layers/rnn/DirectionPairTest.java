package org.birnn.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.birnn.layers.LayerCall;
import org.birnn.layers.internal.DirectionPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Directions run side by side compute what they compute one after the other, errors surface in the
 * caller, and a call never waits for a busy helper.
 */
class DirectionPairTest {
  @AfterEach
  void restore() {
    DirectionPair.setEnabled(true);
  }

  private static List<INDArray> passes(Bidirectional layer, INDArray x, INDArray mask) {
    List<INDArray> out = new ArrayList<>();
    out.add(layer.call(x, mask, null, false).output());
    LayerCall train = layer.call(x, mask, null, true);
    out.add(train.output());
    // A fixed, uneven upstream gradient: the same for both runs.
    INDArray up = Nd4j.create(DataType.FLOAT, train.output().shape());
    for (long k = 0; k < up.length(); k++) {
      up.putScalar(k, Math.sin(k * 0.37));
    }
    LayerCall.Gradients g = train.backward(up);
    out.add(g.input());
    out.addAll(g.weights());
    return out;
  }

  @Test
  void sideBySideEqualsOneAfterTheOther() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 6, 9, 3).subi(0.5);
    INDArray mask = Nd4j.ones(DataType.FLOAT, 6, 9);
    for (int s = 4; s < 9; s++) {
      mask.putScalar(1, s, 0);
    }
    for (boolean sequences : new boolean[] {true, false}) {
      Bidirectional layer =
          Bidirectional.of(LSTM.builder().units(4).returnSequences(sequences).seed(3L).build());
      layer.build(x.shape());
      for (INDArray m : new INDArray[] {null, mask}) {
        DirectionPair.setEnabled(false);
        List<INDArray> serial = passes(layer, x, m);
        DirectionPair.setEnabled(true);
        List<INDArray> parallel = passes(layer, x, m);
        assertEquals(serial.size(), parallel.size());
        for (int i = 0; i < serial.size(); i++) {
          double d = serial.get(i).sub(parallel.get(i)).amaxNumber().doubleValue();
          assertTrue(d < 1e-6, "output " + i + " (sequences " + sequences + ") differs by " + d);
        }
      }
    }
  }

  @Test
  void aCallerHeldToOneThreadRunsBothDirectionsItself() {
    int before = org.birnn.layers.utils.NativeThreads.current();
    Thread caller = Thread.currentThread();
    Thread[] ranOn = new Thread[2];
    try {
      org.birnn.layers.utils.NativeThreads.limitTo(1);
      DirectionPair.run(
          () -> ranOn[0] = Thread.currentThread(), () -> ranOn[1] = Thread.currentThread());
      assertSame(caller, ranOn[0]);
      assertSame(caller, ranOn[1], "a one-thread caller must not borrow a helper's core");
    } finally {
      org.birnn.layers.utils.NativeThreads.limitTo(before);
    }
  }

  @Test
  void theBackwardDirectionsErrorReachesTheCaller() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                DirectionPair.run(
                    () -> {},
                    () -> {
                      throw new IllegalStateException("backward failed");
                    }));
    assertEquals("backward failed", e.getMessage());
  }

  @Test
  void aBusyHelperDoesNotHoldTheCallerUp() throws Exception {
    // Occupy every helper with pairs whose forward side waits; a new pair still completes because
    // its caller runs the backward direction itself.
    CountDownLatch release = new CountDownLatch(1);
    int helpers = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    List<Thread> blockers = new ArrayList<>();
    for (int i = 0; i < helpers; i++) {
      Thread t =
          new Thread(
              () ->
                  DirectionPair.run(
                      () -> {},
                      () -> {
                        try {
                          release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException ex) {
                          Thread.currentThread().interrupt();
                        }
                      }));
      t.start();
      blockers.add(t);
    }
    Thread.sleep(200);
    int[] ran = new int[2];
    long start = System.nanoTime();
    DirectionPair.run(() -> ran[0]++, () -> ran[1]++);
    double seconds = (System.nanoTime() - start) / 1e9;
    release.countDown();
    for (Thread t : blockers) {
      t.join();
    }
    assertEquals(1, ran[0]);
    assertEquals(1, ran[1]);
    assertTrue(seconds < 5, "the pair waited " + seconds + " s for a helper");
  }
}
