package org.birnn.layers.core;

import java.util.List;
import org.birnn.layers.LayerCall;
import org.birnn.layers.activations.Activation;
import org.birnn.layers.internal.HeapFloats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Dense} in plain Java for the small float32 products a classifier's or tagger's head
 * computes ({@code [rows, features] x [features, units]} of at most {@link #MAX_MACS}
 * multiply-adds) with a linear or softmax activation. At these sizes each ND4J call (a GEMM, a
 * broadcast bias, a softmax, their copies) costs tens of microseconds of dispatch, more than the
 * arithmetic; here the forward pass is one array allocation and the backward pass three. Larger or
 * other products take {@link Dense}'s ND4J path, which this is tested equal to.
 */
final class SmallDense {
  /** The largest {@code rows * features * units} computed here. */
  static final long MAX_MACS = 1L << 18;

  /** Off: every product takes ND4J's path (tests compare the two). */
  static volatile boolean enabled = true;

  private SmallDense() {}

  static boolean applies(INDArray x, INDArray kernel, Activation activation) {
    long f = x.size(x.rank() - 1);
    return x.dataType() == DataType.FLOAT
        && kernel.dataType() == DataType.FLOAT
        && (activation == Activation.LINEAR || activation == Activation.SOFTMAX)
        && (x.length() / Math.max(1, f)) * f * kernel.size(1) <= MAX_MACS;
  }

  /**
   * {@code activation(x W + b)} over the last axis of {@code x}; the call's backward pass gives
   * {@code dx}, {@code dW} and (with a bias) {@code db}.
   */
  static LayerCall forward(
      INDArray x, INDArray kernel, INDArray bias, Activation activation, INDArray mask) {
    int f = (int) kernel.size(0);
    int u = (int) kernel.size(1);
    int n = (int) (x.length() / f);
    float[] xs = HeapFloats.read(x);
    float[] w = HeapFloats.read(kernel);
    float[] b = bias == null ? null : HeapFloats.read(bias);
    float[] a = new float[n * u];
    for (int r = 0; r < n; r++) {
      int o = r * u;
      if (b != null) {
        System.arraycopy(b, 0, a, o, u);
      }
      for (int i = 0; i < f; i++) {
        float xi = xs[r * f + i];
        int wo = i * u;
        for (int j = 0; j < u; j++) {
          a[o + j] += xi * w[wo + j];
        }
      }
      if (activation == Activation.SOFTMAX) {
        softmaxRow(a, o, u);
      }
    }
    long[] outShape = x.shape().clone();
    outShape[outShape.length - 1] = u;
    INDArray y = HeapFloats.array(a, outShape);
    return LayerCall.of(
        List.of(y),
        java.util.Collections.singletonList(mask),
        d -> backward(d.get(0), xs, w, a, n, f, u, activation, x.shape(), bias != null));
  }

  private static LayerCall.Gradients backward(
      INDArray dyArray,
      float[] xs,
      float[] w,
      float[] a,
      int n,
      int f,
      int u,
      Activation activation,
      long[] xShape,
      boolean withBias) {
    float[] dz = dyArray == null ? new float[n * u] : HeapFloats.read(dyArray);
    if (activation == Activation.SOFTMAX) {
      for (int r = 0; r < n; r++) {
        int o = r * u;
        float dot = 0;
        for (int j = 0; j < u; j++) {
          dot += dz[o + j] * a[o + j];
        }
        for (int j = 0; j < u; j++) {
          dz[o + j] = (dz[o + j] - dot) * a[o + j];
        }
      }
    }
    float[] dw = new float[f * u];
    float[] db = new float[u];
    float[] dx = new float[n * f];
    for (int r = 0; r < n; r++) {
      int o = r * u;
      for (int i = 0; i < f; i++) {
        float xi = xs[r * f + i];
        int wo = i * u;
        float acc = 0;
        for (int j = 0; j < u; j++) {
          dw[wo + j] += xi * dz[o + j];
          acc += dz[o + j] * w[wo + j];
        }
        dx[r * f + i] = acc;
      }
      for (int j = 0; j < u; j++) {
        db[j] += dz[o + j];
      }
    }
    List<INDArray> dWeights =
        withBias
            ? List.of(HeapFloats.array(dw, new long[] {f, u}), HeapFloats.array(db, new long[] {u}))
            : List.of(HeapFloats.array(dw, new long[] {f, u}));
    return new LayerCall.Gradients(List.of(HeapFloats.array(dx, xShape)), dWeights);
  }

  private static void softmaxRow(float[] a, int o, int u) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < u; j++) {
      max = Math.max(max, a[o + j]);
    }
    float sum = 0;
    for (int j = 0; j < u; j++) {
      a[o + j] = (float) Math.exp(a[o + j] - max);
      sum += a[o + j];
    }
    for (int j = 0; j < u; j++) {
      a[o + j] /= sum;
    }
  }
}
