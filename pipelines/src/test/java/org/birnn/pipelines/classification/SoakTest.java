package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.birnn.layers.utils.MallocInfo;
import org.birnn.pipelines.LocalSpark;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Long-running use in one JVM, as a streaming job (a {@code transform} per micro-batch) and a grid
 * search (many fits) run it: after a warm-up neither the heap nor the C allocator's bytes in use
 * (where ND4J's buffers live) grow by more than a few networks' worth. A model kept per call would
 * keep its Java objects on the heap and its weights in the allocator.
 */
@ExtendWith(LocalSpark.class)
class SoakTest {
  /**
   * Growth allowed in the allocator after warm-up, in one half of a run at least. Measured over
   * four runs on a 2-core machine: -10 to +19 MiB over the 200 transforms (the JVM's compilers and
   * Spark also allocate there) and -10 to 0 MiB over the 20 fits. With the network cache keyed per
   * call again and never evicted (the defect this test guards against), it grew by 3.9 GiB over the
   * 200 transforms while the heap grew by 34 MiB, inside the heap's bound.
   */
  private static final long NATIVE_BOUND = 64L << 20;

  /** The heap's bound is looser: Spark's own bookkeeping of 200 jobs lives there too. */
  private static final long HEAP_BOUND = 48L << 20;

  // Resident memory is printed, not asserted: it moved by +98 to +407 MiB over the same 20 fits
  // from one run to the next while the allocator's bytes in use fell by 10 MiB. The difference is
  // memory glibc keeps in its per-thread arenas after free, not memory anyone holds.

  private static long[] memoryAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    // ND4J's deallocator thread frees collected arrays' native buffers some time after the
    // collection: wait until the allocator's figure settles (two readings 200 ms apart within 1
    // MiB, 5 s at most), so that buffers still queued are not counted as kept.
    long previous = MallocInfo.inUseBytes().orElse(-1);
    for (int i = 0; i < 25 && previous >= 0; i++) {
      Thread.sleep(200);
      long now = MallocInfo.inUseBytes().getAsLong();
      if (Math.abs(now - previous) < (1 << 20)) {
        break;
      }
      previous = now;
    }
    return new long[] {
      ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
      Pointer.physicalBytes(),
      MallocInfo.inUseBytes().orElse(-1)
    };
  }

  private static String grew(String what, long[] from, long[] to) {
    return what
        + ": heap "
        + (from[0] >> 10)
        + " -> "
        + (to[0] >> 10)
        + " KiB, resident "
        + (from[1] >> 10)
        + " -> "
        + (to[1] >> 10)
        + " KiB, malloc in use "
        + (from[2] >> 10)
        + " -> "
        + (to[2] >> 10)
        + " KiB";
  }

  /**
   * A leak grows with every call, so it shows in both halves of a run; the allocator's figure also
   * jumps once now and then in the full suite (+75 MiB over 200 transforms in one run, -6 MiB in
   * the next, with the same code), which shows in one half only. So the heap is bounded over the
   * whole run and the allocator in at least one of the halves.
   */
  private static void assertGrewLessThanBound(String what, long[] from, long[] half, long[] to) {
    String figures =
        grew(what + " (first half)", from, half) + "; " + grew("second half", half, to);
    assertTrue(to[0] - from[0] < HEAP_BOUND, figures);
    if (from[2] >= 0) { // glibc 2.33+ with JNA; elsewhere only the heap is bounded
      assertTrue(half[2] - from[2] < NATIVE_BOUND || to[2] - half[2] < NATIVE_BOUND, figures);
    }
  }

  @Test
  void twoHundredTransformsAndTwentyFitsKeepMemoryFlat() throws InterruptedException {
    Dataset<Row> data = ClassifierTest.ids(60, 4).cache();
    BidirectionalRNNClassifier clf = ClassifierTest.small().setVocabSize(20000).setEmbeddingDim(32);
    BidirectionalRNNClassificationModel model = clf.fit(data);
    for (int i = 0; i < 20; i++) {
      assertEquals(60, model.transform(data).count());
    }
    long[] warm = memoryAfterGc();
    long[] half = null;
    for (int i = 0; i < 200; i++) {
      // A fresh copy each call, as a micro-batch's transform on a reloaded or copied model.
      assertEquals(
          60, model.copy(new org.apache.spark.ml.param.ParamMap()).transform(data).count());
      half = i == 99 ? memoryAfterGc() : half;
    }
    long[] scored = memoryAfterGc();
    System.out.println(grew("200 transforms", warm, scored));
    assertGrewLessThanBound("200 transforms", warm, half, scored);

    for (int i = 0; i < 3; i++) {
      clf.copy(new org.apache.spark.ml.param.ParamMap()).setSeed(i).fit(data);
    }
    long[] fitWarm = memoryAfterGc();
    long[] fitHalf = null;
    for (int i = 0; i < 20; i++) {
      // Each fit has new layer names and a new uid: nothing may be cached per fit for good.
      clf.copy(new org.apache.spark.ml.param.ParamMap()).setSeed(100 + i).fit(data);
      fitHalf = i == 9 ? memoryAfterGc() : fitHalf;
    }
    long[] fitted = memoryAfterGc();
    System.out.println(grew("20 fits", fitWarm, fitted));
    assertGrewLessThanBound("20 fits", fitWarm, fitHalf, fitted);
    data.unpersist();
  }
}
