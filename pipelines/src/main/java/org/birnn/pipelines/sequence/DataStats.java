package org.birnn.pipelines.sequence;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.birnn.pipelines.training.SequenceExample;

/**
 * What the network needs from the data, and how the rows fall on the workers, in one pass: the
 * largest class or tag, the largest token id, the step widths, the row count, the longest sequence,
 * and per worker the number of training and validation rows (which size its blocks, see {@link
 * SequenceFit}).
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
   * Computes them with one Spark job.
   *
   * @param workers the number of workers the rows are spread over
   * @param validationFraction the share of rows held out for validation (0 for none)
   * @param seed the seed of the validation split
   */
  public static DataStats of(
      JavaRDD<SequenceExample> examples, int workers, double validationFraction, long seed) {
    long[] zero = new long[FIXED + 2 * workers];
    zero[0] = -1;
    zero[1] = -1;
    zero[2] = -1;
    zero[3] = Long.MAX_VALUE;
    long[] s =
        examples
            .mapPartitions(
                it -> {
                  long[] a = zero.clone();
                  while (it.hasNext()) {
                    SequenceExample e = it.next();
                    a[0] = Math.max(a[0], e.label());
                    a[1] = Math.max(a[1], maxId(e));
                    a[2] = Math.max(a[2], e.dim());
                    a[3] = Math.min(a[3], e.dim());
                    a[4]++;
                    a[5] = Math.max(a[5], e.length());
                    boolean held =
                        validationFraction > 0 && e.inValidation(validationFraction, seed);
                    a[
                        FIXED
                            + (held ? workers : 0)
                            + SequenceFit.workerOf(e.contentHash(), workers)]++;
                  }
                  return java.util.List.of(a).iterator();
                })
            .fold(zero, DataStats::combine);
    return new DataStats(
        s[0],
        s[1],
        s[2],
        s[3],
        s[4],
        s[5],
        java.util.Arrays.copyOfRange(s, FIXED, FIXED + workers),
        java.util.Arrays.copyOfRange(s, FIXED + workers, FIXED + 2 * workers));
  }

  private static long[] combine(long[] a, long[] b) {
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
