package org.birnn.layers.rnn;

import org.birnn.layers.internal.RecurrentLoop;
import org.birnn.layers.internal.onednn.OneDnnKernel;
import org.birnn.layers.internal.onednn.OneDnnRuntime;
import org.birnn.layers.rnn.kernels.SequenceKernel;

/**
 * The sequence kernels a recurrent layer can run on ({@link RNN#setKernel}).
 *
 * <ul>
 *   <li>{@link #reference()}: {@code RecurrentLoop}, the Keras loop on ND4J operations; every
 *       configuration, float32 and float64.
 *   <li>{@link #oneDnn()}: oneDNN's fused RNN primitives for the configurations they compute
 *       exactly (float32, standard activations, no dropout, contiguous masks); everything else
 *       falls back to the reference per call. Tested equal to the reference to 1e-5.
 * </ul>
 *
 * <p>New layers take {@link #defaultKernel()}: oneDNN when its natives load, chosen with the system
 * property {@code birnn.kernel} ({@code auto}, the default, {@code onednn} or {@code reference}).
 */
public final class Kernels {
  private Kernels() {}

  /** The reference kernel. */
  public static SequenceKernel reference() {
    return RecurrentLoop.INSTANCE;
  }

  /** The oneDNN kernel (falls back to the reference where it does not apply). */
  public static SequenceKernel oneDnn() {
    return OneDnnKernel.INSTANCE;
  }

  /** Whether oneDNN's natives loaded in this JVM. */
  public static boolean oneDnnAvailable() {
    try {
      return OneDnnRuntime.available();
    } catch (LinkageError e) { // the oneDNN jar itself is missing from the classpath
      return false;
    }
  }

  /** The kernel new layers use, from the system property {@code birnn.kernel}. */
  public static SequenceKernel defaultKernel() {
    String choice = System.getProperty("birnn.kernel", "auto");
    return switch (choice) {
      case "reference" -> reference();
      case "auto" -> oneDnnAvailable() ? oneDnn() : reference();
      case "onednn" -> oneDnn();
      default ->
          throw new IllegalArgumentException(
              "birnn.kernel must be one of auto, onednn, reference; received '" + choice + "'");
    };
  }
}
