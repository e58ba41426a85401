package org.birnn.layers.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * Runs the two directions of a bidirectional pass at once, each on half of the caller's native
 * threads, when the machine has two cores or more and the caller two threads or more. A direction's
 * per-step GEMMs are too small to keep two cores busy (each step ends with a barrier), so two
 * directions side by side finish sooner than one after the other: on the 2-core machine of issue 7,
 * W1's inference took 31-36 ms this way against 47-50 ms.
 *
 * <p>The caller runs the forward direction and a helper thread the backward one; if every helper is
 * busy (several Spark tasks scoring at once), the caller runs the backward direction itself once
 * its own is done, so no call ever waits for a free helper. {@code
 * -Dbirnn.parallelDirections=false} runs them one after the other.
 */
public final class DirectionPair {
  private static volatile boolean enabled =
      !"false".equalsIgnoreCase(System.getProperty("birnn.parallelDirections", "true"))
          && Runtime.getRuntime().availableProcessors() > 1;

  private static final class Helpers {
    static final ExecutorService POOL =
        Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
            r -> {
              Thread t = new Thread(r, "birnn-direction");
              t.setDaemon(true);
              return t;
            });
  }

  private DirectionPair() {}

  /** Whether directions run at once (tests compare both ways). */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /**
   * Runs {@code forward} and {@code backward}, at once when that is enabled and the caller's native
   * thread team has two threads or more. A caller held to one thread (a Spark task with {@code
   * spark.task.cpus} 1, see the pipelines' {@code TaskThreads}) runs them one after the other: side
   * by side they would take a core the task was not given, and two tasks on two cores would run
   * three threads.
   */
  public static void run(Runnable forward, Runnable backward) {
    int team = KernelTeam.share();
    if (!enabled || team < 2) {
      forward.run();
      backward.run();
      return;
    }
    int half = Math.max(1, team / 2);
    FutureTask<Void> other = new FutureTask<>(() -> onThreads(half, backward), null);
    Helpers.POOL.execute(other);
    onThreads(half, forward);
    other.run(); // does nothing if a helper has started it
    try {
      other.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the backward direction ran", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Runs {@code task} with its kernels on {@code threads} threads (see {@link KernelTeam}). */
  private static void onThreads(int threads, Runnable task) {
    try (KernelTeam.Scope scope = KernelTeam.withShare(threads)) {
      task.run();
    }
  }
}
