package org.birnn.layers.optimizers;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Optimizer updates as one pass over the flat vectors, for float32 parameters: each element read
 * and written once, where the ND4J form of the same rule makes a dozen passes and four temporary
 * vectors (for a 20,000-word embedding, 640,000 floats a step). Every operation is the float32
 * operation, in the order, of the ND4J form (Java's float arithmetic is IEEE single precision
 * without fused multiply-adds, and a float square root through double rounds the same), so the
 * results are bit for bit those of the reference: {@code FlatLoopsTest} checks it.
 */
final class FlatLoops {
  /** Elements per chunk: four arrays of it stay in a core's L1/L2 cache. */
  private static final int CHUNK = 4096;

  private FlatLoops() {}

  /** Whether all arrays are float32 with unit element stride, so their buffers can be walked. */
  static boolean applies(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a.dataType() != DataType.FLOAT || (a.length() > 1 && a.elementWiseStride() != 1)) {
        return false;
      }
    }
    return Boolean.parseBoolean(System.getProperty("birnn.fusedOptimizer", "true"));
  }

  /**
   * The buffer of {@code a} from its memory's start; {@code a}'s first element is at its offset.
   */
  private static FloatBuffer buffer(INDArray a) {
    return a.data().asNioFloat();
  }

  /**
   * Keras's Adam step without amsgrad: {@code m += (g - m) c1}, {@code v += (g^2 - v) c2}, {@code w
   * -= (m alpha) / (sqrt(v) + eps)}.
   */
  static void adam(
      INDArray w, INDArray g, INDArray m, INDArray v, float c1, float c2, float alpha, float eps) {
    FloatBuffer wb = buffer(w);
    FloatBuffer gb = buffer(g);
    FloatBuffer mb = buffer(m);
    FloatBuffer vb = buffer(v);
    int wo = (int) w.offset();
    int go = (int) g.offset();
    int mo = (int) m.offset();
    int vo = (int) v.offset();
    int n = (int) w.length();
    // In chunks copied to and from Java arrays: the loop over arrays is one the JIT unrolls and
    // vectorizes, which it does not do through a buffer's bounds-checked accessors.
    float[] wc = new float[Math.min(n, CHUNK)];
    float[] gc = new float[wc.length];
    float[] mc = new float[wc.length];
    float[] vc = new float[wc.length];
    for (int from = 0; from < n; from += CHUNK) {
      int len = Math.min(CHUNK, n - from);
      wb.get(wo + from, wc, 0, len);
      gb.get(go + from, gc, 0, len);
      mb.get(mo + from, mc, 0, len);
      vb.get(vo + from, vc, 0, len);
      for (int i = 0; i < len; i++) {
        float gi = gc[i];
        float mi = mc[i] + (gi - mc[i]) * c1;
        float vi = vc[i] + (gi * gi - vc[i]) * c2;
        mc[i] = mi;
        vc[i] = vi;
        wc[i] = wc[i] - (mi * alpha) / ((float) Math.sqrt(vi) + eps);
      }
      wb.put(wo + from, wc, 0, len);
      mb.put(mo + from, mc, 0, len);
      vb.put(vo + from, vc, 0, len);
    }
  }
}
