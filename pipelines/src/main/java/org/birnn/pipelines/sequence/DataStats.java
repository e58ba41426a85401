package org.birnn.pipelines.sequence;

import java.io.Serializable;
import org.birnn.pipelines.training.SequenceExample;

/**
 * What the network needs from the data, and how the rows fall on the workers: the largest class or
 * tag, the largest token id, the step widths, the row count, the longest sequence, and per worker
 * the number of training and validation rows (which size its blocks). {@link TrainingRows} counts
 * them while it shuffles the rows, in the fit's one pass over its input.
 *
 * @param maxLabel the largest class index (classifier) or tag index (tagger), -1 without rows
 * @param maxId the largest token id, -1 for vector steps
 * @param maxDim the widest step, 0 for token ids
 * @param minDim the narrowest step
 * @param rows the number of rows
 * @param maxLength the longest sequence
 * @param trainRows training rows per worker
 * @param validationRows validation rows per worker (all 0 without a validation share)
 */
public record DataStats(
    long maxLabel,
    long maxId,
    long maxDim,
    long minDim,
    long rows,
    long maxLength,
    long[] trainRows,
    long[] validationRows)
    implements Serializable {
  private static final int FIXED = 6;

  /**
   * Running totals for rows spread over {@code groups} groups (the workers, then their validation
   * shares): what {@link #add} and {@link #combine} update and {@link #of(long[], int)} reads.
   */
  static long[] zero(int groups) {
    long[] zero = new long[FIXED + groups];
    zero[0] = -1;
    zero[1] = -1;
    zero[2] = -1;
    zero[3] = Long.MAX_VALUE;
    return zero;
  }

  /**
   * Counts {@code e}, placed in {@code group}, into {@code totals}.
   *
   * @throws IllegalArgumentException for a token id that is negative or not an integer
   */
  static void add(long[] totals, SequenceExample e, int group) {
    totals[0] = Math.max(totals[0], e.label());
    totals[1] = Math.max(totals[1], maxId(e));
    totals[2] = Math.max(totals[2], e.dim());
    totals[3] = Math.min(totals[3], e.dim());
    totals[4]++;
    totals[5] = Math.max(totals[5], e.length());
    totals[FIXED + group]++;
  }

  /**
   * The statistics of {@code totals} over {@code workers} workers, whose validation shares (if the
   * totals have them) follow the workers' groups.
   */
  static DataStats of(long[] totals, int workers) {
    long[] validation =
        totals.length == FIXED + workers
            ? new long[workers]
            : java.util.Arrays.copyOfRange(totals, FIXED + workers, FIXED + 2 * workers);
    return new DataStats(
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        totals[4],
        totals[5],
        java.util.Arrays.copyOfRange(totals, FIXED, FIXED + workers),
        validation);
  }

  static long[] combine(long[] a, long[] b) {
    long[] c = new long[a.length];
    c[0] = Math.max(a[0], b[0]);
    c[1] = Math.max(a[1], b[1]);
    c[2] = Math.max(a[2], b[2]);
    c[3] = Math.min(a[3], b[3]);
    c[4] = a[4] + b[4];
    c[5] = Math.max(a[5], b[5]);
    for (int i = FIXED; i < c.length; i++) {
      c[i] = a[i] + b[i];
    }
    return c;
  }

  private static long maxId(SequenceExample e) {
    if (e.dim() != 0) {
      return -1;
    }
    long m = -1;
    for (float f : e.values()) {
      if (f < 0 || f != Math.rint(f)) {
        throw new IllegalArgumentException("Token ids must be integers >= 0; received " + f);
      }
      m = Math.max(m, (long) f);
    }
    return m;
  }
}
