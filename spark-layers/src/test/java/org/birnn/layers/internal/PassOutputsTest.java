package org.birnn.layers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PassOutputsTest {
  private static final Object NODE_A = new Object();
  private static final Object NODE_B = new Object();

  @Test
  void outsideAPassEveryOutputIsANewArray() {
    INDArray a = PassOutputs.output(2, 3);
    INDArray b = PassOutputs.output(2, 3);
    assertFalse(new GrowingBufferProbe(a).sharesWith(b));
  }

  @Test
  void aNodeReusesItsBufferAcrossPassesAndNodesDoNotShare() {
    PassOutputs outputs = new PassOutputs();
    PassOutputs.Pass first = outputs.begin();
    INDArray a1 = first.call(NODE_A, () -> PassOutputs.output(4, 5));
    INDArray b1 = first.call(NODE_B, () -> PassOutputs.output(4, 5));
    first.end();
    assertFalse(new GrowingBufferProbe(a1).sharesWith(b1));
    PassOutputs.Pass second = outputs.begin();
    INDArray a2 = second.call(NODE_A, () -> PassOutputs.output(3, 5));
    second.end();
    assertEquals(a1.data().address(), a2.data().address());
    assertEquals(40, outputs.heldFloats());
  }

  @Test
  void aSecondRequestInOneCallGetsANewArray() {
    PassOutputs.Pass pass = new PassOutputs().begin();
    INDArray[] two =
        pass.call(NODE_A, () -> new INDArray[] {PassOutputs.output(2), PassOutputs.output(2)});
    assertFalse(new GrowingBufferProbe(two[0]).sharesWith(two[1]));
  }

  @Test
  void detachCopiesOnlyResultsThatShareABuffer() {
    PassOutputs.Pass pass = new PassOutputs().begin();
    INDArray reused = pass.call(NODE_A, () -> PassOutputs.output(2, 3)).assign(7);
    INDArray fresh = PassOutputs.output(2, 3).assign(1);
    INDArray view = reused.reshape(3, 2);
    INDArray detached = pass.detach(view);
    assertNotSame(view, detached);
    assertEquals(view, detached);
    reused.assign(0);
    assertEquals(7.0, detached.getDouble(2, 1));
    assertSame(fresh, pass.detach(fresh));
  }

  @Test
  void aBufferPastTheKeptSizeIsFreedWhenItsPassEnds() {
    PassOutputs outputs = new PassOutputs();
    PassOutputs.Pass pass = outputs.begin();
    pass.call(NODE_A, () -> PassOutputs.output(PassOutputs.KEPT_FLOATS + 1));
    assertTrue(outputs.heldFloats() > PassOutputs.KEPT_FLOATS);
    pass.end();
    assertEquals(0, outputs.heldFloats());
  }

  @Test
  void eachThreadHasItsOwnBuffers() throws InterruptedException {
    PassOutputs outputs = new PassOutputs();
    INDArray mine = outputs.begin().call(NODE_A, () -> PassOutputs.output(8));
    AtomicReference<INDArray> theirs = new AtomicReference<>();
    Thread t =
        new Thread(() -> theirs.set(outputs.begin().call(NODE_A, () -> PassOutputs.output(8))));
    t.start();
    t.join();
    assertFalse(new GrowingBufferProbe(mine).sharesWith(theirs.get()));
  }

  /** Whether two arrays' native memory overlaps. */
  private record GrowingBufferProbe(INDArray a) {
    boolean sharesWith(INDArray b) {
      long s = a.data().address();
      long e = s + a.data().length() * 4;
      long bs = b.data().address();
      long be = bs + b.data().length() * 4;
      return bs < e && s < be;
    }
  }
}
