package org.birnn.layers.utils;

import java.util.Random;
import java.util.function.Supplier;

/**
 * Keras's {@code keras.utils.set_random_seed} for this thread: layers created inside {@link
 * #withSeed} draw their unseeded initial weights and dropout masks from streams derived from one
 * seed, so the same code gives the same model.
 */
public final class RandomSeeds {
  private static final ThreadLocal<Random> SOURCE = new ThreadLocal<>();

  private RandomSeeds() {}

  /** Runs {@code body} with this thread's seed source set to {@code seed}. */
  public static <T> T withSeed(long seed, Supplier<T> body) {
    Random previous = SOURCE.get();
    SOURCE.set(new Random(seed));
    try {
      return body.get();
    } finally {
      if (previous == null) {
        SOURCE.remove();
      } else {
        SOURCE.set(previous);
      }
    }
  }

  /** A new random stream: derived from the thread's seed if one is set, else unseeded. */
  public static Random next() {
    Random s = SOURCE.get();
    return s == null ? new Random() : new Random(s.nextLong());
  }
}
