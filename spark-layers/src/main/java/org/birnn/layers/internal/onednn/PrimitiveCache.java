package org.birnn.layers.internal.onednn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The primitives of the last {@link #CAPACITY} shapes used, least recently used evicted first.
 * Lookups take no lock (both directions of a Bidirectional look up their shape at the same moment,
 * from two threads); only a miss locks, to build and to evict.
 */
final class PrimitiveCache {
  /** Distinct shapes kept (lengths are rounded to 8 steps, so a job sees few). */
  static final int CAPACITY = 64;

  private static final Map<RnnPrimitives.Key, Entry> ENTRIES = new ConcurrentHashMap<>();
  private static final AtomicLong CLOCK = new AtomicLong();

  private PrimitiveCache() {}

  private static final class Entry {
    final RnnPrimitives primitives;
    volatile long used;

    Entry(RnnPrimitives primitives) {
      this.primitives = primitives;
    }
  }

  /** The primitives for {@code key}, built on first use. */
  static RnnPrimitives get(RnnPrimitives.Key key) {
    Entry e = ENTRIES.get(key);
    if (e == null) {
      e = miss(key);
    }
    e.used = CLOCK.incrementAndGet();
    return e.primitives;
  }

  private static synchronized Entry miss(RnnPrimitives.Key key) {
    Entry e = ENTRIES.get(key);
    if (e != null) {
      return e;
    }
    e = new Entry(new RnnPrimitives(key));
    e.used = CLOCK.incrementAndGet();
    ENTRIES.put(key, e);
    if (ENTRIES.size() > CAPACITY) {
      RnnPrimitives.Key oldest = null;
      long at = Long.MAX_VALUE;
      for (Map.Entry<RnnPrimitives.Key, Entry> x : ENTRIES.entrySet()) {
        if (x.getValue().used < at) {
          at = x.getValue().used;
          oldest = x.getKey();
        }
      }
      // Its pooled workspaces go with it (a backward pass in flight gives its own back later).
      ENTRIES.remove(oldest).primitives.freeIdleWorkspaces();
    }
    return e;
  }

  /**
   * Frees idle workspaces of shapes other than {@code keep}'s, least recently used first, until
   * {@code bytes} are freed or none is left.
   */
  static void freeIdleWorkspaces(RnnPrimitives.Built keep, long bytes) {
    java.util.List<Entry> byAge = new java.util.ArrayList<>(ENTRIES.values());
    byAge.sort(java.util.Comparator.comparingLong(x -> x.used));
    long freed = 0;
    for (Entry x : byAge) {
      if (freed >= bytes) {
        return;
      }
      if (!x.primitives.trains(keep)) {
        freed += x.primitives.freeIdleWorkspaces();
      }
    }
  }

  /** Whether the primitives of {@code key} are held (for tests). */
  static boolean holds(RnnPrimitives.Key key) {
    return ENTRIES.containsKey(key);
  }

  /** The number of shapes held (for tests). */
  static int size() {
    return ENTRIES.size();
  }
}
