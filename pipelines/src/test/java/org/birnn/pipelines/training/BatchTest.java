package org.birnn.pipelines.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A scoring minibatch's padded inputs, written straight into the ND4J array. */
class BatchTest {
  @Test
  void featuresPadsVectorsWithZerosAfterEachSequence() {
    SequenceExample a = new SequenceExample(new float[] {1, 2, 3, 4, 5, 6}, 3, 2, 0);
    SequenceExample b = new SequenceExample(new float[] {7, 8}, 1, 2, 1);
    INDArray x = Batch.features(List.of(a, b));
    assertArrayEquals(new long[] {2, 3, 2}, x.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0}, x.data().asFloat(), 0f);
    assertArrayEquals(Batch.of(List.of(a, b)).features().data().asFloat(), x.data().asFloat(), 0f);
  }

  @Test
  void featuresPadsTokenIdsAndRowsLongerThanOneZeroChunk() {
    // 5,000 ids a row: the padding is written in more than one chunk.
    float[] longIds = new float[5000];
    for (int t = 0; t < longIds.length; t++) {
      longIds[t] = t + 1;
    }
    SequenceExample full = new SequenceExample(longIds, 5000, 0, 0);
    SequenceExample shortOne = new SequenceExample(new float[] {9, 10}, 2, 0, 1);
    // A fresh array would often be zeros already; fill the allocator's recent memory first.
    INDArray dirty = org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[] {2, 5000}, 7f);
    org.birnn.layers.utils.NativeMemory.release(dirty);
    INDArray x = Batch.features(List.of(shortOne, full));
    assertArrayEquals(new long[] {2, 5000}, x.shape());
    float[] expected = new float[10000];
    expected[0] = 9;
    expected[1] = 10;
    System.arraycopy(longIds, 0, expected, 5000, 5000);
    assertArrayEquals(expected, x.data().asFloat(), 0f);
  }
}
