package org.birnn.layers.internal.onednn;

/**
 * How an inference pass over a masked batch splits its packed time axis so that late steps run only
 * on the rows still running, as packed sequences do on cuDNN: the rows sorted longest first,
 * segment {@code k} covers packed steps {@code [bound(k), bound(k + 1))} and runs on the first
 * {@link #rows(int)} sorted rows (every row whose run reaches {@code bound(k)}, rounded up), each
 * starting from the states the previous segment ended in. With lengths spread between 5 and 60
 * steps, one pass over the padded batch computes about twice the steps the runs hold.
 *
 * <p>Each extra segment is one more oneDNN call, so the split is chosen to minimize the steps
 * computed plus a fixed cost per call ({@link #callCostFlops}); a small batch or a batch of equal
 * lengths stays one segment, exactly the single padded pass.
 */
final class TimeSegments {
  /** Segment bounds are multiples of this many steps, so batches share their primitives. */
  private static final int STEP_QUANTUM = 8;

  /** Segment row counts are multiples of this, for the same reason. */
  private static final int ROW_QUANTUM = 8;

  /**
   * The fixed cost of one oneDNN call (primitive lookup, argument set-up, state copies, thread
   * barriers) in floating-point operations, {@code -Dbirnn.segmentCallCost} to change it. Tests set
   * it to 0 to force a split at every quantum.
   */
  static volatile double callCostFlops =
      Double.parseDouble(System.getProperty("birnn.segmentCallCost", "1e7"));

  private final int[] order;
  private final int[] bounds;
  private final int[] rows;

  private TimeSegments(int[] order, int[] bounds, int[] rows) {
    this.order = order;
    this.bounds = bounds;
    this.rows = rows;
  }

  /**
   * The split for {@code g}'s runs through a cell that costs {@code stepFlops} per row and step.
   */
  static TimeSegments of(RaggedBatch g, double stepFlops) {
    int n = g.batch();
    Integer[] boxed = new Integer[n];
    for (int j = 0; j < n; j++) {
      boxed[j] = j;
    }
    // Longest first (stable), so the rows still running at any step are a prefix.
    java.util.Arrays.sort(boxed, (a, b) -> Integer.compare(g.length(b), g.length(a)));
    int[] order = new int[n];
    for (int j = 0; j < n; j++) {
      order[j] = boxed[j];
    }
    int packed = g.packedLength();
    // Candidate bounds: 0, every quantum, the packed length.
    int candidates = (packed + STEP_QUANTUM - 1) / STEP_QUANTUM + 1;
    int[] at = new int[candidates];
    for (int i = 0; i < candidates; i++) {
      at[i] = Math.min(packed, i * STEP_QUANTUM);
    }
    double[] best = new double[candidates];
    int[] from = new int[candidates];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    best[0] = 0;
    for (int c = 1; c < candidates; c++) {
      for (int a = 0; a < c; a++) {
        double cost =
            best[a] + callCostFlops + stepFlops * (at[c] - at[a]) * running(g, order, at[a]);
        if (cost < best[c]) {
          best[c] = cost;
          from[c] = a;
        }
      }
    }
    java.util.ArrayDeque<Integer> chosen = new java.util.ArrayDeque<>();
    for (int c = candidates - 1; c > 0; c = from[c]) {
      chosen.addFirst(c);
    }
    if (chosen.size() == 1) {
      return single(g);
    }
    int[] bounds = new int[chosen.size() + 1];
    int[] rows = new int[chosen.size()];
    int k = 0;
    for (int c : chosen) {
      rows[k] = running(g, order, bounds[k]);
      bounds[++k] = at[c];
    }
    return new TimeSegments(order, bounds, rows);
  }

  /** One pass over the whole batch in its own order: exactly the padded pass. */
  static TimeSegments single(RaggedBatch g) {
    int n = g.batch();
    int[] identity = new int[n];
    for (int j = 0; j < n; j++) {
      identity[j] = j;
    }
    return new TimeSegments(identity, new int[] {0, g.packedLength()}, new int[] {n});
  }

  /** The sorted rows whose runs reach {@code step}, rounded up to the row quantum, at least 1. */
  private static int running(RaggedBatch g, int[] order, int step) {
    int lo = 0;
    int hi = order.length;
    while (lo < hi) { // the first sorted row whose run ends at or before step
      int mid = (lo + hi) >>> 1;
      if (g.length(order[mid]) > step) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int rounded = (lo + ROW_QUANTUM - 1) / ROW_QUANTUM * ROW_QUANTUM;
    return Math.max(1, Math.min(order.length, rounded));
  }

  /** The number of segments. */
  int count() {
    return rows.length;
  }

  /** The first packed step of segment {@code k}; {@code bound(count())} is the packed length. */
  int bound(int k) {
    return bounds[k];
  }

  /** The rows segment {@code k} runs on: the first this many of {@link #row}'s order. */
  int rows(int k) {
    return rows[k];
  }

  /** The batch row at sorted position {@code i}. */
  int row(int i) {
    return order[i];
  }
}
