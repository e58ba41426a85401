package org.birnn.pipelines.sequence;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.birnn.pipelines.training.SequenceExample;

/**
 * What the network needs from the data, in one pass: the largest class or tag, the largest token
 * id, the step widths, the row count and the longest sequence.
 *
 * @param maxLabel the largest class index (classifier) or tag index (tagger), -1 without rows
 * @param maxId the largest token id, -1 for vector steps
 * @param maxDim the widest step, 0 for token ids
 * @param minDim the narrowest step
 * @param rows the number of rows
 * @param maxLength the longest sequence
 */
public record DataStats(
    long maxLabel, long maxId, long maxDim, long minDim, long rows, long maxLength)
    implements Serializable {
  /** Computes them with one Spark job. */
  public static DataStats of(JavaRDD<SequenceExample> examples) {
    long[] s =
        examples
            .map(e -> new long[] {e.label(), maxId(e), e.dim(), e.dim(), 1, e.length()})
            .fold(
                new long[] {-1, -1, -1, Long.MAX_VALUE, 0, 0},
                (a, b) ->
                    new long[] {
                      Math.max(a[0], b[0]),
                      Math.max(a[1], b[1]),
                      Math.max(a[2], b[2]),
                      Math.min(a[3], b[3]),
                      a[4] + b[4],
                      Math.max(a[5], b[5])
                    });
    return new DataStats(s[0], s[1], s[2], s[3], s[4], s[5]);
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
