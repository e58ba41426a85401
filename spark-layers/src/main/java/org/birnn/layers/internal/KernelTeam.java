package org.birnn.layers.internal;

import org.birnn.layers.utils.NativeThreads;

/**
 * Which native calls of a batch get the caller's cores: the recurrent kernels do, every other
 * native call (ND4J's element-wise ops, small reorders) runs on the calling thread alone.
 *
 * <p>Why: OpenMP (GNU libgomp, which ND4J and oneDNN share) keeps a team's idle threads spinning
 * for several milliseconds after each parallel region. Inside a batch, the next native call is
 * usually a BLAS product on OpenBLAS's own threads or the other direction of a bidirectional layer
 * on a helper thread; both then wait for a core that a spinning OpenMP thread holds. On 2 cores a
 * tagger's {@code [15360, 64]^T x [15360, 9]} product took 9 ms after an ND4J op and 0.8 ms with
 * libgomp's spinning off ({@code GOMP_SPINCOUNT=0}, which a library cannot set for its users); its
 * whole training step took 63-69 ms against 37-42 ms. An element-wise op on one thread costs
 * microseconds; a kernel (oneDNN's primitive, or the reference loop of ND4J operations) keeps its
 * full team (half each when two directions run at once).
 *
 * <p>Outside {@link #batch} nothing changes: every call uses the calling thread's team.
 */
public final class KernelTeam {
  /** The team a kernel of this thread may use inside a batch; unset outside. */
  private static final ThreadLocal<Integer> SHARE = new ThreadLocal<>();

  private static final Scope NOTHING = () -> {};

  private KernelTeam() {}

  /** A batch's scope; closing it restores the calling thread's team. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Opens a batch on the calling thread: its element-wise native calls run on one thread, its
   * kernels on the team it had. Nested calls change nothing.
   */
  public static Scope batch() {
    if (SHARE.get() != null) {
      return NOTHING;
    }
    return withShare(NativeThreads.current());
  }

  /**
   * This thread's kernel team from now until the scope closes ({@code share} threads), its other
   * native calls on one thread.
   */
  static Scope withShare(int share) {
    Integer before = SHARE.get();
    int team = NativeThreads.current();
    SHARE.set(share);
    NativeThreads.limitTo(1);
    return () -> {
      if (before == null) {
        SHARE.remove();
      } else {
        SHARE.set(before);
      }
      NativeThreads.limitTo(team);
    };
  }

  /** The threads this thread's kernels may use. */
  public static int share() {
    Integer s = SHARE.get();
    return s != null ? s : NativeThreads.current();
  }

  /** Runs one kernel call on this thread's share of the cores. */
  public static void kernel(Runnable call) {
    kernel(
        () -> {
          call.run();
          return null;
        });
  }

  /** {@link #kernel(Runnable)} for a call with a result. */
  public static <T> T kernel(java.util.function.Supplier<T> call) {
    Integer s = SHARE.get();
    if (s == null || s < 2) {
      return call.get();
    }
    NativeThreads.limitTo(s);
    try {
      return call.get();
    } finally {
      NativeThreads.limitTo(1);
    }
  }
}
