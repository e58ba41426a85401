package org.birnn.layers.cells;

import org.birnn.layers.activations.Activation;

/**
 * The gate arithmetic of one GRU step with {@code reset_after=true} fused into one pass, forward
 * and backward, given the input projection {@code xp} and the recurrent projection {@code rp = h R
 * + b_rec} (both {@code [B, 3U]}, gate blocks z, r, h). Used by {@link GruCell} for element-wise
 * activations; equal to the op-by-op formulas (tested).
 */
final class FusedGruStep {
  private FusedGruStep() {}

  /**
   * Forward. Returns {@code {zAct, rAct, hPre, hh, h}}, the first two {@code [B, U]} activated
   * gates, then the candidate's pre-activation and value, then the new state.
   */
  static double[][] forward(
      double[] xp, double[] rp, double[] hPrev, int b, int u, Activation act, Activation rec) {
    int gu = 3 * u;
    double[] za = new double[b * u];
    double[] ra = new double[b * u];
    double[] hPre = new double[b * u];
    double[] hh = new double[b * u];
    double[] h = new double[b * u];
    for (int n = 0; n < b; n++) {
      for (int k = 0; k < u; k++) {
        int g = n * gu + k;
        int s = n * u + k;
        double z = rec.scalar(xp[g] + rp[g]);
        double r = rec.scalar(xp[g + u] + rp[g + u]);
        double pre = xp[g + 2 * u] + r * rp[g + 2 * u];
        double cand = act.scalar(pre);
        za[s] = z;
        ra[s] = r;
        hPre[s] = pre;
        hh[s] = cand;
        h[s] = cand + z * (hPrev[s] - cand);
      }
    }
    return new double[][] {za, ra, hPre, hh, h};
  }

  /**
   * Backward from {@code dh}: returns {@code {dxp [B, 3U], drp [B, 3U], dhPrevDirect [B, U]}},
   * where the last is the gradient through {@code z * h} only (the caller adds the path through the
   * recurrent product).
   */
  static double[][] backward(
      double[] xp,
      double[] rp,
      double[] hPrev,
      double[][] fwd,
      double[] dh,
      int b,
      int u,
      Activation act,
      Activation rec) {
    int gu = 3 * u;
    double[] za = fwd[0];
    double[] ra = fwd[1];
    double[] hPre = fwd[2];
    double[] hh = fwd[3];
    double[] dxp = new double[b * gu];
    double[] drp = new double[b * gu];
    double[] dhPrev = new double[b * u];
    for (int n = 0; n < b; n++) {
      for (int k = 0; k < u; k++) {
        int g = n * gu + k;
        int s = n * u + k;
        double d = dh[s];
        double z = za[s];
        double r = ra[s];
        double dPre = d * (1 - z) * act.scalarDerivative(hPre[s], hh[s]);
        double dzPre = d * (hPrev[s] - hh[s]) * rec.scalarDerivative(xp[g] + rp[g], z);
        double drPre = dPre * rp[g + 2 * u] * rec.scalarDerivative(xp[g + u] + rp[g + u], r);
        dxp[g] = dzPre;
        dxp[g + u] = drPre;
        dxp[g + 2 * u] = dPre;
        drp[g] = dzPre;
        drp[g + u] = drPre;
        drp[g + 2 * u] = dPre * r;
        dhPrev[s] = d * z;
      }
    }
    return new double[][] {dxp, drp, dhPrev};
  }
}
