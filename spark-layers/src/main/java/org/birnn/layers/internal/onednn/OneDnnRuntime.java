package org.birnn.layers.internal.onednn;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads oneDNN once per JVM and hands out its CPU engine and a stream per thread.
 *
 * <p>Loading can fail (no natives for the platform, a missing system library); then {@link
 * #available()} is false, {@link #unavailableReason()} says why, and the layers keep the reference
 * kernel. Setting the system property {@code birnn.onednn=false} disables it on purpose.
 */
public final class OneDnnRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(OneDnnRuntime.class);

  private OneDnnRuntime() {}

  private static final class Holder {
    static final engine ENGINE;
    static final String FAILURE;

    static {
      engine e = null;
      String failure = null;
      if ("false".equalsIgnoreCase(System.getProperty("birnn.onednn", "true"))) {
        failure = "disabled by -Dbirnn.onednn=false";
      } else {
        try {
          Loader.load(dnnl.class);
          e = new engine(engine.kind.cpu, 0);
        } catch (Throwable t) { // natives missing or unloadable: keep the reference kernel
          failure = t.getClass().getSimpleName() + ": " + t.getMessage();
          LOG.info(
              "oneDNN is not available ({}); recurrent layers use the reference kernel", failure);
        }
      }
      ENGINE = e;
      FAILURE = failure;
    }
  }

  /** Streams per thread, in a holder so that this class loads without oneDNN's classes. */
  private static final class Streams {
    static final ThreadLocal<stream> PER_THREAD =
        ThreadLocal.withInitial(() -> new stream(engine()));
  }

  /** Whether the oneDNN natives loaded. */
  public static boolean available() {
    return Holder.ENGINE != null;
  }

  /** Why oneDNN is not available, or {@code null} when it is. */
  public static String unavailableReason() {
    return Holder.FAILURE;
  }

  static engine engine() {
    if (Holder.ENGINE == null) {
      throw new IllegalStateException("oneDNN is not available: " + Holder.FAILURE);
    }
    return Holder.ENGINE;
  }

  /** This thread's stream (oneDNN streams are not shared between threads). */
  static stream stream() {
    return Streams.PER_THREAD.get();
  }
}
