package org.birnn.pipelines.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.birnn.pipelines.LocalSpark;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Long-running use in one JVM, as a streaming job (a {@code transform} per micro-batch) and a grid
 * search (many fits) run it: after a warm-up the heap grows by less than a stated bound (a model
 * kept per call would keep its Java objects there too); resident memory is printed beside it.
 */
@ExtendWith(LocalSpark.class)
class SoakTest {
  /**
   * Growth allowed after warm-up: a few networks' worth (each holds a 20000 x 32 embedding, 2.5 MB,
   * four times that with Adam's state when training), far below one leaked per call.
   */
  private static final long HEAP_BOUND = 48L << 20;

  // Resident memory (where ND4J's buffers live; JavaCPP's byte count does not see them) is printed,
  // not asserted: on this machine it moved by +98 to +407 MiB over the same 20 fits from one run to
  // the next, with the allocator and the JVM's own areas, so no bound on it would be both tight
  // and stable. A native measure that is (#17) is still to be found.

  private static long[] memoryAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return new long[] {
      ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Pointer.physicalBytes()
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
        + " KiB";
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
    for (int i = 0; i < 200; i++) {
      // A fresh copy each call, as a micro-batch's transform on a reloaded or copied model.
      assertEquals(
          60, model.copy(new org.apache.spark.ml.param.ParamMap()).transform(data).count());
    }
    long[] scored = memoryAfterGc();
    System.out.println(grew("200 transforms", warm, scored));
    assertTrue(scored[0] - warm[0] < HEAP_BOUND, grew("200 transforms", warm, scored));

    for (int i = 0; i < 3; i++) {
      clf.copy(new org.apache.spark.ml.param.ParamMap()).setSeed(i).fit(data);
    }
    long[] fitWarm = memoryAfterGc();
    for (int i = 0; i < 20; i++) {
      // Each fit has new layer names and a new uid: nothing may be cached per fit for good.
      clf.copy(new org.apache.spark.ml.param.ParamMap()).setSeed(100 + i).fit(data);
    }
    long[] fitted = memoryAfterGc();
    System.out.println(grew("20 fits", fitWarm, fitted));
    assertTrue(fitted[0] - fitWarm[0] < HEAP_BOUND, grew("20 fits", fitWarm, fitted));
    data.unpersist();
  }
}
