package org.birnn.layers.crf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CRF's dynamic programmes against brute force: every tag path of a small chain enumerated, its
 * score computed from the definition, and the partition function, the best path and the marginals
 * read off the enumeration.
 */
class LinearChainCrfTest {
  private static final int TAGS = 3;
  private static final int TIME = 4;
  private static final int BATCH = 3;

  /** Sequence 0 is whole, 1 right-padded, 2 has a hole (a masked step inside). */
  private static final double[] MASK = {1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1};

  private final Random rng = new Random(7);
  private final double[] a = random(TAGS * TAGS);
  private final double[] start = random(TAGS);
  private final double[] end = random(TAGS);
  private final double[] e = random(BATCH * TIME * TAGS);
  private final LinearChainCrf crf = new LinearChainCrf(TAGS, a, start, end);

  private double[] random(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  private double score(int b, int[] steps, int[] path) {
    double s = start[path[0]] + end[path[path.length - 1]];
    for (int k = 0; k < steps.length; k++) {
      s += e[(b * TIME + steps[k]) * TAGS + path[k]];
      if (k > 0) {
        s += a[path[k - 1] * TAGS + path[k]];
      }
    }
    return s;
  }

  /** All paths over {@code n} steps. */
  private static int[][] paths(int n) {
    int count = (int) Math.pow(TAGS, n);
    int[][] out = new int[count][n];
    for (int p = 0; p < count; p++) {
      int v = p;
      for (int k = n - 1; k >= 0; k--) {
        out[p][k] = v % TAGS;
        v /= TAGS;
      }
    }
    return out;
  }

  @Test
  void likelihoodViterbiAndMarginalsMatchEnumeration() {
    int[] y = {0, 2, 1, 1, 2, 2, 0, 0, 1, 0, 0, 2};
    double nll = crf.negLogLikelihood(e, BATCH, TIME, MASK, y, crf.gradients(BATCH, TIME));
    int[] best = crf.viterbi(e, BATCH, TIME, MASK);
    double[] marg = crf.marginals(e, BATCH, TIME, MASK);

    double expectedNll = 0;
    for (int b = 0; b < BATCH; b++) {
      int[] steps = LinearChainCrf.kept(MASK, b, TIME);
      int[] truth = new int[steps.length];
      for (int k = 0; k < steps.length; k++) {
        truth[k] = y[b * TIME + steps[k]];
      }
      double z = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      int[] bestPath = null;
      double[] m = new double[TIME * TAGS];
      for (int[] p : paths(steps.length)) {
        double s = score(b, steps, p);
        z += Math.exp(s);
        if (s > bestScore) {
          bestScore = s;
          bestPath = p;
        }
        for (int k = 0; k < steps.length; k++) {
          m[steps[k] * TAGS + p[k]] += Math.exp(s);
        }
      }
      expectedNll += Math.log(z) - score(b, steps, truth);
      int[] decoded = new int[TIME];
      for (int k = 0; k < steps.length; k++) {
        decoded[steps[k]] = bestPath[k];
      }
      int[] got = java.util.Arrays.copyOfRange(best, b * TIME, (b + 1) * TIME);
      assertArrayEquals(decoded, got, "Viterbi path of sequence " + b);
      for (int i = 0; i < TIME * TAGS; i++) {
        assertEquals(m[i] / z, marg[b * TIME * TAGS + i], 1e-12, "marginal " + b + "/" + i);
      }
    }
    assertEquals(expectedNll, nll, 1e-10);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    int[] y = {1, 0, 2, 2, 0, 1, 0, 0, 2, 0, 1, 1};
    LinearChainCrf.Gradients g = crf.gradients(BATCH, TIME);
    crf.negLogLikelihood(e, BATCH, TIME, MASK, y, g);
    check("emissions", e, g.emissions, y);
    check("transitions", a, g.transitions, y);
    check("start", start, g.start, y);
    check("end", end, g.end, y);
    // Masked steps take no gradient.
    for (int b = 0; b < BATCH; b++) {
      for (int t = 0; t < TIME; t++) {
        if (MASK[b * TIME + t] == 0) {
          for (int j = 0; j < TAGS; j++) {
            assertEquals(0.0, g.emissions[(b * TIME + t) * TAGS + j]);
          }
        }
      }
    }
  }

  private void check(String what, double[] param, double[] analytic, int[] y) {
    double eps = 1e-6;
    for (int i = 0; i < param.length; i++) {
      double orig = param[i];
      param[i] = orig + eps;
      double plus = crf.negLogLikelihood(e, BATCH, TIME, MASK, y, crf.gradients(BATCH, TIME));
      param[i] = orig - eps;
      double minus = crf.negLogLikelihood(e, BATCH, TIME, MASK, y, crf.gradients(BATCH, TIME));
      param[i] = orig;
      double numeric = (plus - minus) / (2 * eps);
      assertEquals(numeric, analytic[i], 1e-7 + 1e-6 * Math.abs(numeric), what + "[" + i + "]");
    }
  }

  @Test
  void aTagOutOfRangeIsNamed() {
    int[] y = new int[BATCH * TIME];
    y[5] = TAGS;
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () -> crf.negLogLikelihood(e, BATCH, TIME, MASK, y, crf.gradients(BATCH, TIME)));
    assertEquals("tag 3 at sequence 1, step 1 is out of range [0, 3)", ex.getMessage());
  }

  @Test
  void aFullyMaskedSequenceScoresNothing() {
    double[] mask = new double[BATCH * TIME];
    int[] y = new int[BATCH * TIME];
    assertEquals(0.0, crf.negLogLikelihood(e, BATCH, TIME, mask, y, crf.gradients(BATCH, TIME)));
    assertArrayEquals(new int[BATCH * TIME], crf.viterbi(e, BATCH, TIME, mask));
  }
}
