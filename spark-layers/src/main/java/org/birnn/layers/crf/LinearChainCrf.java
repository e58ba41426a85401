package org.birnn.layers.crf;

/**
 * The linear-chain CRF's dynamic programmes on plain arrays, in double precision: the
 * forward-algorithm log-likelihood and its gradient (forward-backward marginals), Viterbi decoding
 * and per-step marginals. All are mask-aware: a sequence is its kept steps in order, and masked
 * steps get no score, no gradient, tag 0 and zero marginals.
 *
 * <p>Scores of a tag path {@code y_1..y_n} over the kept steps: {@code start[y_1] + sum_k E[k, y_k]
 * + sum_{k>1} A[y_{k-1}, y_k] + end[y_n]}, where {@code A[i, j]} is the score of tag {@code j}
 * following tag {@code i}. Emissions {@code E} are {@code [batch, time, tags]} flattened in c
 * order, masks {@code [batch, time]} (non-zero = kept) or {@code null}.
 */
public final class LinearChainCrf {
  private final int tags;
  private final double[] a;
  private final double[] start;
  private final double[] end;

  /**
   * @param tags number of tags {@code C}
   * @param transitions {@code A}, {@code [C, C]} in c order
   * @param start scores of the first tag, {@code [C]}
   * @param end scores of the last tag, {@code [C]}
   */
  public LinearChainCrf(int tags, double[] transitions, double[] start, double[] end) {
    if (transitions.length != tags * tags || start.length != tags || end.length != tags) {
      throw new IllegalArgumentException(
          "CRF with "
              + tags
              + " tags needs transitions of "
              + tags * tags
              + " values and boundaries of "
              + tags
              + "; received "
              + transitions.length
              + ", "
              + start.length
              + ", "
              + end.length);
    }
    this.tags = tags;
    this.a = transitions;
    this.start = start;
    this.end = end;
  }

  /** Gradients of a summed negative log-likelihood, shaped like the inputs and parameters. */
  public static final class Gradients {
    /** {@code [batch * time * tags]}. */
    public final double[] emissions;

    /** {@code [tags * tags]}. */
    public final double[] transitions;

    /** {@code [tags]}. */
    public final double[] start;

    /** {@code [tags]}. */
    public final double[] end;

    Gradients(int emissions, int tags) {
      this.emissions = new double[emissions];
      this.transitions = new double[tags * tags];
      this.start = new double[tags];
      this.end = new double[tags];
    }
  }

  /** The kept time steps of sequence {@code b}, in order. */
  static int[] kept(double[] mask, int b, int time) {
    if (mask == null) {
      int[] all = new int[time];
      for (int t = 0; t < time; t++) {
        all[t] = t;
      }
      return all;
    }
    int n = 0;
    for (int t = 0; t < time; t++) {
      n += mask[b * time + t] != 0 ? 1 : 0;
    }
    int[] steps = new int[n];
    for (int t = 0, k = 0; t < time; t++) {
      if (mask[b * time + t] != 0) {
        steps[k++] = t;
      }
    }
    return steps;
  }

  /**
   * The negative log-likelihood of the tag paths {@code y} ({@code [batch * time]}), summed over
   * the sequences, and its gradient.
   *
   * @param out receives the gradient of the sum; {@link #gradients} makes one
   * @throws IllegalArgumentException for a tag outside {@code [0, tags)} at a kept step
   */
  public double negLogLikelihood(
      double[] e, int batch, int time, double[] mask, int[] y, Gradients out) {
    double sum = 0;
    for (int b = 0; b < batch; b++) {
      int[] steps = kept(mask, b, time);
      if (steps.length == 0) {
        continue; // nothing to score, as Keras's masked losses leave empty sequences out
      }
      int base = b * time;
      int[] path = new int[steps.length];
      for (int k = 0; k < steps.length; k++) {
        int tag = y[base + steps[k]];
        if (tag < 0 || tag >= tags) {
          throw new IllegalArgumentException(
              "tag "
                  + tag
                  + " at sequence "
                  + b
                  + ", step "
                  + steps[k]
                  + " is out of range [0, "
                  + tags
                  + ")");
        }
        path[k] = tag;
      }
      double[] alpha = alphas(e, base, steps);
      double[] beta = betas(e, base, steps);
      double logZ = logZ(alpha, steps.length);
      sum += logZ - score(e, base, steps, path);
      addGradient(e, base, steps, path, alpha, beta, logZ, out);
    }
    return sum;
  }

  /** Zeroed gradients for a batch of {@code batch x time} steps. */
  public Gradients gradients(int batch, int time) {
    return new Gradients(batch * time * tags, tags);
  }

  /** The best tag path of each sequence, {@code [batch * time]} (0 at masked steps). */
  public int[] viterbi(double[] e, int batch, int time, double[] mask) {
    int[] out = new int[batch * time];
    for (int b = 0; b < batch; b++) {
      int[] steps = kept(mask, b, time);
      int n = steps.length;
      if (n == 0) {
        continue;
      }
      int base = b * time;
      double[] delta = new double[tags];
      int[] back = new int[n * tags];
      for (int j = 0; j < tags; j++) {
        delta[j] = start[j] + e[(base + steps[0]) * tags + j];
      }
      double[] next = new double[tags];
      for (int k = 1; k < n; k++) {
        int row = (base + steps[k]) * tags;
        for (int j = 0; j < tags; j++) {
          int best = 0;
          double bestScore = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < tags; i++) {
            double s = delta[i] + a[i * tags + j];
            if (s > bestScore) { // ties keep the lowest tag, as an argmax does
              bestScore = s;
              best = i;
            }
          }
          next[j] = bestScore + e[row + j];
          back[k * tags + j] = best;
        }
        double[] t = delta;
        delta = next;
        next = t;
      }
      int last = 0;
      for (int j = 1; j < tags; j++) {
        if (delta[j] + end[j] > delta[last] + end[last]) {
          last = j;
        }
      }
      for (int k = n - 1; k >= 0; k--) {
        out[base + steps[k]] = last;
        last = back[k * tags + last];
      }
    }
    return out;
  }

  /** {@code P(y_t = j)} per step and tag, {@code [batch * time * tags]} (0 at masked steps). */
  public double[] marginals(double[] e, int batch, int time, double[] mask) {
    double[] out = new double[batch * time * tags];
    for (int b = 0; b < batch; b++) {
      int[] steps = kept(mask, b, time);
      if (steps.length == 0) {
        continue;
      }
      int base = b * time;
      double[] alpha = alphas(e, base, steps);
      double[] beta = betas(e, base, steps);
      double logZ = logZ(alpha, steps.length);
      for (int k = 0; k < steps.length; k++) {
        for (int j = 0; j < tags; j++) {
          out[(base + steps[k]) * tags + j] =
              Math.exp(alpha[k * tags + j] + beta[k * tags + j] - logZ);
        }
      }
    }
    return out;
  }

  /**
   * {@code alpha[k, j]}: log-sum of the scores of all paths over steps {@code 0..k} ending in j.
   */
  private double[] alphas(double[] e, int base, int[] steps) {
    int n = steps.length;
    double[] alpha = new double[n * tags];
    for (int j = 0; j < tags; j++) {
      alpha[j] = start[j] + e[(base + steps[0]) * tags + j];
    }
    double[] terms = new double[tags];
    for (int k = 1; k < n; k++) {
      int row = (base + steps[k]) * tags;
      for (int j = 0; j < tags; j++) {
        for (int i = 0; i < tags; i++) {
          terms[i] = alpha[(k - 1) * tags + i] + a[i * tags + j];
        }
        alpha[k * tags + j] = logSumExp(terms) + e[row + j];
      }
    }
    return alpha;
  }

  /** {@code beta[k, i]}: log-sum of the scores of all continuations after step k from tag i. */
  private double[] betas(double[] e, int base, int[] steps) {
    int n = steps.length;
    double[] beta = new double[n * tags];
    System.arraycopy(end, 0, beta, (n - 1) * tags, tags);
    double[] terms = new double[tags];
    for (int k = n - 2; k >= 0; k--) {
      int row = (base + steps[k + 1]) * tags;
      for (int i = 0; i < tags; i++) {
        for (int j = 0; j < tags; j++) {
          terms[j] = a[i * tags + j] + e[row + j] + beta[(k + 1) * tags + j];
        }
        beta[k * tags + i] = logSumExp(terms);
      }
    }
    return beta;
  }

  private double logZ(double[] alpha, int n) {
    double[] terms = new double[tags];
    for (int j = 0; j < tags; j++) {
      terms[j] = alpha[(n - 1) * tags + j] + end[j];
    }
    return logSumExp(terms);
  }

  private double score(double[] e, int base, int[] steps, int[] path) {
    double s = start[path[0]] + end[path[path.length - 1]];
    for (int k = 0; k < steps.length; k++) {
      s += e[(base + steps[k]) * tags + path[k]];
      if (k > 0) {
        s += a[path[k - 1] * tags + path[k]];
      }
    }
    return s;
  }

  /** Adds d(logZ - score)/d(everything) of one sequence: expected counts minus observed ones. */
  private void addGradient(
      double[] e,
      int base,
      int[] steps,
      int[] path,
      double[] alpha,
      double[] beta,
      double logZ,
      Gradients out) {
    int n = steps.length;
    for (int k = 0; k < n; k++) {
      int row = (base + steps[k]) * tags;
      for (int j = 0; j < tags; j++) {
        double p = Math.exp(alpha[k * tags + j] + beta[k * tags + j] - logZ);
        out.emissions[row + j] += p;
        if (k == 0) {
          out.start[j] += p;
        }
        if (k == n - 1) {
          out.end[j] += p;
        }
      }
      out.emissions[row + path[k]] -= 1;
      if (k > 0) {
        for (int i = 0; i < tags; i++) {
          for (int j = 0; j < tags; j++) {
            out.transitions[i * tags + j] +=
                Math.exp(
                    alpha[(k - 1) * tags + i]
                        + a[i * tags + j]
                        + e[row + j]
                        + beta[k * tags + j]
                        - logZ);
          }
        }
        out.transitions[path[k - 1] * tags + path[k]] -= 1;
      }
    }
    out.start[path[0]] -= 1;
    out.end[path[n - 1]] -= 1;
  }

  private static double logSumExp(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (double x : v) {
      s += Math.exp(x - max);
    }
    return max + Math.log(s);
  }
}
