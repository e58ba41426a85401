package org.birnn.pipelines.training;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.birnn.layers.models.Model;

/**
 * Networks kept per executor JVM, so tasks do not rebuild them: for training one per task thread (a
 * model's gradients and optimizer state are mutable), for inference one per JVM (a forward pass
 * only reads the weights).
 */
public final class ExecutorModels {
  private static final ThreadLocal<Map<String, Model>> TRAINING =
      ThreadLocal.withInitial(HashMap::new);
  private static final ConcurrentHashMap<String, Model> INFERENCE = new ConcurrentHashMap<>();

  private ExecutorModels() {}

  /** This thread's training network for {@code spec}. */
  public static Model training(NetworkSpec spec) {
    return TRAINING.get().computeIfAbsent(spec.key(), k -> spec.newModel());
  }

  /** The JVM's inference network under {@code key}, made once by {@code factory}. */
  public static Model inference(String key, java.util.function.Supplier<Model> factory) {
    return INFERENCE.computeIfAbsent(key, k -> factory.get());
  }
}
