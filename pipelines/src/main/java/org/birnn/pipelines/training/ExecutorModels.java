package org.birnn.pipelines.training;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.birnn.layers.models.Model;
import org.birnn.layers.utils.NativeMemory;

/**
 * Networks kept per executor JVM, so tasks do not rebuild them, and bounded so long-running use (a
 * streaming job scoring every micro-batch, a grid search fitting many networks) does not pile them
 * up.
 *
 * <ul>
 *   <li>Training: one network per task thread (a model's gradients and optimizer state are
 *       mutable); a thread keeps only the network of its latest spec and frees the one before.
 *   <li>Inference: up to {@code -Dbirnn.inferenceCacheSize} (default 4) networks per JVM, shared by
 *       its tasks (a forward pass only reads the weights), least recently used evicted first. An
 *       evicted network's native memory is freed as soon as no task holds a {@link Lease} on it.
 * </ul>
 */
public final class ExecutorModels {
  /** Most inference networks one JVM keeps. */
  static final int INFERENCE_CAPACITY = Integer.getInteger("birnn.inferenceCacheSize", 4);

  private static final ThreadLocal<Map<String, Model>> TRAINING =
      ThreadLocal.withInitial(HashMap::new);
  private static final AtomicInteger LIVE_TRAINING = new AtomicInteger();
  private static final LinkedHashMap<String, Entry> INFERENCE =
      new LinkedHashMap<>(16, 0.75f, true);

  private ExecutorModels() {}

  private static final class Entry {
    final Model model;
    int users;
    boolean evicted;

    Entry(Model model) {
      this.model = model;
    }
  }

  /** A task's use of a cached inference network; close it when the task is done with it. */
  public static final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    /** The network. */
    public Model model() {
      return entry.model;
    }

    @Override
    public void close() {
      synchronized (INFERENCE) {
        if (closed) {
          return;
        }
        closed = true;
        entry.users--;
        if (entry.evicted && entry.users == 0) {
          free(entry.model);
        }
      }
    }
  }

  /**
   * This thread's training network for {@code spec}; the thread's network of another spec is freed
   * (each fit's specs differ, so a thread would otherwise keep one network per fit).
   */
  public static Model training(NetworkSpec spec) {
    Map<String, Model> mine = TRAINING.get();
    Model m = mine.get(spec.key());
    if (m == null) {
      mine.values().forEach(ExecutorModels::freeTraining);
      mine.clear();
      m = spec.newModel();
      LIVE_TRAINING.incrementAndGet();
      mine.put(spec.key(), m);
    }
    return m;
  }

  /**
   * A lease on the JVM's inference network under {@code key}, made by {@code factory} if no task of
   * this JVM made it yet.
   *
   * @param key an identity of the network fixed when it was fitted or loaded
   */
  public static Lease inference(String key, Supplier<Model> factory) {
    synchronized (INFERENCE) {
      Entry e = INFERENCE.get(key);
      if (e == null) {
        e = new Entry(factory.get());
        INFERENCE.put(key, e);
        evictBeyondCapacity();
      }
      e.users++;
      return new Lease(e);
    }
  }

  /** How many inference networks this JVM holds. */
  public static int inferenceCacheSize() {
    synchronized (INFERENCE) {
      return INFERENCE.size();
    }
  }

  /** How many training networks the task threads of this JVM hold. */
  public static int liveTrainingNetworks() {
    return LIVE_TRAINING.get();
  }

  private static void evictBeyondCapacity() {
    Iterator<Entry> it = INFERENCE.values().iterator();
    while (INFERENCE.size() > Math.max(1, INFERENCE_CAPACITY) && it.hasNext()) {
      Entry eldest = it.next();
      it.remove();
      eldest.evicted = true;
      if (eldest.users == 0) {
        free(eldest.model);
      }
    }
  }

  private static void freeTraining(Model m) {
    LIVE_TRAINING.decrementAndGet();
    free(m);
  }

  /** Frees a network's weights and optimizer state now; no one may use it afterwards. */
  private static void free(Model m) {
    NativeMemory.release(m.parameters());
    if (m.isCompiled()) {
      NativeMemory.release(m.optimizerState());
    }
  }
}
