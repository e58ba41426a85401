package org.birnn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences in double precision against an analytic gradient. */
public final class GradientCheck {
  public static final double EPS = 1e-6;
  public static final double MAX_RELATIVE_ERROR = 1e-5;
  public static final double MIN_ABSOLUTE_ERROR = 1e-8;

  private GradientCheck() {}

  /**
   * Checks every element of {@code param} (modified in place and restored): {@code loss} is
   * re-evaluated with the element moved by ±EPS and compared with {@code analytic}.
   */
  public static void check(
      String what, INDArray param, INDArray analytic, Function<Void, Double> loss) {
    if (param.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException("gradient checks need float64 tensors: " + what);
    }
    INDArray flat = param.reshape(param.length());
    INDArray a = analytic.dup('c').reshape(analytic.length());
    for (long i = 0; i < flat.length(); i++) {
      double orig = flat.getDouble(i);
      flat.putScalar(i, orig + EPS);
      double plus = loss.apply(null);
      flat.putScalar(i, orig - EPS);
      double minus = loss.apply(null);
      flat.putScalar(i, orig);
      double numeric = (plus - minus) / (2 * EPS);
      double an = a.getDouble(i);
      double abs = Math.abs(an - numeric);
      double rel = abs / Math.max(Math.abs(an) + Math.abs(numeric), 1e-30);
      if (abs > MIN_ABSOLUTE_ERROR && rel > MAX_RELATIVE_ERROR) {
        throw new AssertionError(
            what
                + "["
                + i
                + "]: analytic "
                + an
                + ", numeric "
                + numeric
                + " (relative error "
                + rel
                + ")");
      }
    }
  }

  /** {@code sum_i sum(outputs_i * upstream_i)}. */
  public static double dot(List<INDArray> outputs, List<INDArray> upstream) {
    double s = 0;
    for (int i = 0; i < outputs.size(); i++) {
      s += outputs.get(i).mul(upstream.get(i)).sumNumber().doubleValue();
    }
    return s;
  }

  public static List<INDArray> shapesLike(List<INDArray> outputs, java.util.Random rng) {
    List<INDArray> up = new ArrayList<>();
    for (INDArray o : outputs) {
      up.add(random(o.shape(), rng));
    }
    return up;
  }

  public static INDArray random(long[] shape, java.util.Random rng) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    return org.nd4j.linalg.factory.Nd4j.create(v, shape, DataType.DOUBLE);
  }
}
