package org.birnn.pipelines.training;

import org.apache.spark.TaskContext;
import org.birnn.layers.utils.NativeThreads;

/**
 * Sizes the native thread teams of the running Spark task to the cores it was given ({@code
 * spark.task.cpus}, 1 by default), as XGBoost4J-Spark sizes its threads: an executor with several
 * task slots then runs as many single-core teams as it has cores, instead of every task starting
 * teams over all cores and oversubscribing them.
 */
public final class TaskThreads {
  private TaskThreads() {}

  /**
   * In a task: teams of {@code spark.task.cpus} threads; outside a task (the driver): no change.
   */
  public static void sizeToTask() {
    TaskContext task = TaskContext.get();
    if (task != null) {
      NativeThreads.limitTo(Math.max(1, task.cpus()));
    }
  }
}
