package org.birnn.layers.internal.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.dnnl.global.dnnl;
import org.junit.jupiter.api.Test;

/**
 * The primitive cache returns one instance per shape, also to threads asking at once, holds at most
 * its capacity, and evicts the least recently used shape.
 */
class PrimitiveCacheTest {
  /** A shape no other test uses: an LSTM over {@code t} steps of a 3-row batch. */
  private static RnnPrimitives.Key key(long t) {
    return new RnnPrimitives.Key(RnnKind.LSTM, dnnl.algorithm.eltwise_tanh, 1000 + t, 3, 5, 7);
  }

  @Test
  void oneInstancePerShapeAndTheLeastRecentlyUsedIsEvicted() throws Exception {
    assumeTrue(OneDnnRuntime.available(), "oneDNN natives not loadable here");
    RnnPrimitives hot = PrimitiveCache.get(key(0));
    assertSame(hot, PrimitiveCache.get(key(0)));
    // Fill the cache with other shapes, using the hot one in between: it stays, the cold go.
    for (int t = 1; t <= PrimitiveCache.CAPACITY + 8; t++) {
      PrimitiveCache.get(key(t));
      assertSame(hot, PrimitiveCache.get(key(0)), "the hot shape is kept at step " + t);
      assertTrue(PrimitiveCache.size() <= PrimitiveCache.CAPACITY, "size " + PrimitiveCache.size());
    }
    assertEquals(PrimitiveCache.CAPACITY, PrimitiveCache.size());
    assertFalse(PrimitiveCache.holds(key(1)), "the oldest shape was evicted");
    assertTrue(PrimitiveCache.holds(key(PrimitiveCache.CAPACITY + 8)), "the newest is held");
  }

  @Test
  void threadsAskingAtOnceGetTheSameInstance() throws Exception {
    assumeTrue(OneDnnRuntime.available(), "oneDNN natives not loadable here");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        RnnPrimitives.Key k = key(500 + round);
        List<Future<RnnPrimitives>> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          got.add(pool.submit(() -> PrimitiveCache.get(k)));
        }
        java.util.Set<RnnPrimitives> distinct = ConcurrentHashMap.newKeySet();
        for (Future<RnnPrimitives> f : got) {
          distinct.add(f.get());
        }
        assertEquals(1, distinct.size(), "round " + round);
      }
    } finally {
      pool.shutdown();
    }
  }
}
