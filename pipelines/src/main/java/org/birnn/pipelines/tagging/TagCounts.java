package org.birnn.pipelines.tagging;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Token and entity-span counts of tagged sequences, summed over rows and merged across partitions:
 * per tag the true positives, false positives and false negatives over tokens, and the spans found
 * in the truth, in the prediction and in both (exact match of start, end and type).
 */
final class TagCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Per tag: {true positives, false positives, false negatives}. */
  final Map<String, long[]> perTag = new TreeMap<>();

  long tokens;
  long correctTokens;
  long trueSpans;
  long predictedSpans;
  long correctSpans;

  /**
   * Adds one row's tags; {@code spans} also counts BIO/IOBES entity spans.
   *
   * @throws IllegalArgumentException when the two differ in length, naming both columns
   */
  TagCounts add(
      List<String> truth,
      List<String> predicted,
      boolean spans,
      Object row,
      String labelCol,
      String predictionCol) {
    if (truth.size() != predicted.size()) {
      throw new IllegalArgumentException(
          "A row has "
              + truth.size()
              + " tags in column '"
              + labelCol
              + "' but "
              + predicted.size()
              + " in column '"
              + predictionCol
              + "': "
              + row);
    }
    for (int t = 0; t < truth.size(); t++) {
      String a = truth.get(t);
      String b = predicted.get(t);
      tokens++;
      if (a.equals(b)) {
        correctTokens++;
        counts(a)[0]++;
      } else {
        counts(b)[1]++;
        counts(a)[2]++;
      }
    }
    if (spans) {
      Set<Span> expected = Span.of(truth);
      Set<Span> found = Span.of(predicted);
      trueSpans += expected.size();
      predictedSpans += found.size();
      Set<Span> both = new HashSet<>(expected);
      both.retainAll(found);
      correctSpans += both.size();
    }
    return this;
  }

  private long[] counts(String tag) {
    return perTag.computeIfAbsent(tag, k -> new long[3]);
  }

  /** The sum of this and {@code o} (this, updated). */
  TagCounts merge(TagCounts o) {
    o.perTag.forEach(
        (tag, c) -> {
          long[] mine = counts(tag);
          for (int i = 0; i < 3; i++) {
            mine[i] += c[i];
          }
        });
    tokens += o.tokens;
    correctTokens += o.correctTokens;
    trueSpans += o.trueSpans;
    predictedSpans += o.predictedSpans;
    correctSpans += o.correctSpans;
    return this;
  }

  double accuracy() {
    return tokens == 0 ? 0 : (double) correctTokens / tokens;
  }

  /** F1 of one tag over tokens (0 when it has no true or predicted token right). */
  static double f1(long[] c) {
    double denominator = 2.0 * c[0] + c[1] + c[2];
    return denominator == 0 ? 0 : 2.0 * c[0] / denominator;
  }

  /** The mean over tags (in the truth or the prediction) of their token F1. */
  double macroF1() {
    double sum = 0;
    for (long[] c : perTag.values()) {
      sum += f1(c);
    }
    return perTag.isEmpty() ? 0 : sum / perTag.size();
  }

  /** The token F1 of each tag weighted by its share of the true tokens, as MLlib's "f1". */
  double weightedF1() {
    double sum = 0;
    for (long[] c : perTag.values()) {
      sum += f1(c) * (c[0] + c[2]);
    }
    return tokens == 0 ? 0 : sum / tokens;
  }

  double spanPrecision() {
    return predictedSpans == 0 ? 0 : (double) correctSpans / predictedSpans;
  }

  double spanRecall() {
    return trueSpans == 0 ? 0 : (double) correctSpans / trueSpans;
  }

  double spanF1() {
    double p = spanPrecision();
    double r = spanRecall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
