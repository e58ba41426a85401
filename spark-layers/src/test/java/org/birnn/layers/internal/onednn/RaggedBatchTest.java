package org.birnn.layers.internal.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The runs a mask gives, in either layout, and how long the packed arrays are. */
class RaggedBatchTest {
  /** A batch-major right-padding mask with the given lengths. */
  private static INDArray mask(int t, int... lengths) {
    INDArray m = Nd4j.zeros(DataType.FLOAT, lengths.length, t);
    for (int j = 0; j < lengths.length; j++) {
      for (int s = 0; s < lengths[j]; s++) {
        m.putScalar(j, s, 1);
      }
    }
    return m;
  }

  @Test
  void packedRunsEndAtTheLongestRunRoundedUpToEightSteps() {
    assertEquals(48, RaggedBatch.ofRows(mask(200, 5, 41, 17)).packedLength());
    assertEquals(40, RaggedBatch.ofRows(mask(200, 40, 40)).packedLength());
    assertEquals(50, RaggedBatch.ofRows(mask(50, 49, 3)).packedLength(), "never past T");
    assertEquals(1, RaggedBatch.ofRows(mask(10, 0, 0)).packedLength(), "oneDNN needs a step");
    assertEquals(7, RaggedBatch.full(7, 3).packedLength());
    assertTrue(RaggedBatch.full(7, 3).dense());
    assertFalse(RaggedBatch.ofRows(mask(7, 7, 6)).dense());
  }

  @Test
  void runsAreReadInEitherLayoutAndHolesRefused() {
    INDArray rows = mask(6, 2, 0, 6);
    RaggedBatch byRow = RaggedBatch.ofRows(rows);
    RaggedBatch byTime = RaggedBatch.of(rows.transpose().dup('c'));
    for (RaggedBatch b : new RaggedBatch[] {byRow, byTime}) {
      assertEquals(3, b.batch());
      assertEquals(6, b.fullLength());
      assertEquals(2, b.length(0));
      assertEquals(0, b.length(1));
      assertEquals(6, b.length(2));
      assertEquals(0, b.start(2));
    }
    INDArray left = Nd4j.zeros(DataType.FLOAT, 1, 6);
    left.putScalar(0, 4, 1);
    left.putScalar(0, 5, 1);
    assertEquals(4, RaggedBatch.ofRows(left).start(0));
    left.putScalar(0, 1, 1);
    assertNull(RaggedBatch.ofRows(left), "a hole in the run");
    assertEquals(2, RaggedBatch.ofRows(mask(6, 2, 0, 6).castTo(DataType.BOOL)).length(0));
  }
}
