package org.birnn.layers.internal.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A thread's reused buffers: arrays of the asked shape at the start of their buffer, the same
 * buffer while it is large enough, zeros when asked for zeros whatever an earlier call left, and
 * nothing above the kept size held after a pass.
 */
class SegmentBuffersTest {
  private static long address(INDArray a) {
    return a.data().addressPointer().address();
  }

  @Test
  void arraysReuseTheirBufferAndZerosAreZeroAfterAnEarlierCall() {
    SegmentBuffers b = SegmentBuffers.get();
    INDArray first = b.array(SegmentBuffers.OUTPUT, 3, 4, 5);
    assertArrayEquals(new long[] {3, 4, 5}, first.shape());
    first.assign(7);
    INDArray smaller = b.array(SegmentBuffers.OUTPUT, 2, 5);
    assertEquals(address(first), address(smaller), "a smaller array reuses the buffer");
    INDArray zeros = b.zeros(SegmentBuffers.OUTPUT, 6, 10);
    assertEquals(address(first), address(zeros));
    assertEquals(0.0, zeros.amaxNumber().doubleValue(), "zeros over a buffer that held 7s");
    List<INDArray> states = b.states(1, 2, 4, 3, true);
    assertEquals(2, states.size());
    assertNotEquals(address(states.get(0)), address(states.get(1)), "each state its own buffer");
    assertEquals(0.0, states.get(1).amaxNumber().doubleValue());
    INDArray larger = b.array(SegmentBuffers.OUTPUT, 100, 100);
    assertArrayEquals(new long[] {100, 100}, larger.shape());
    assertTrue(b.heldFloats() >= 10_000);
  }

  @Test
  void aPassLeavesNoBufferAboveTheKeptSize() {
    SegmentBuffers b = SegmentBuffers.get();
    b.array(SegmentBuffers.PACKED, 8, 8);
    b.trim();
    long kept = b.heldFloats();
    b.array(SegmentBuffers.PACKED, SegmentBuffers.KEPT_FLOATS + 1);
    assertTrue(b.heldFloats() > SegmentBuffers.KEPT_FLOATS);
    b.trim();
    assertTrue(
        b.heldFloats() <= kept,
        "held " + b.heldFloats() + " floats after a large pass, " + kept + " before it");
    assertArrayEquals(new long[] {8, 8}, b.array(SegmentBuffers.PACKED, 8, 8).shape());
  }
}
