package org.birnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Where the synchronization part of a training round goes: per Spark job, its wall time and the
 * slowest task's deserialization, run, result serialization and GC times, plus the time from job
 * start to the first task launch. Registered on the driver for the benchmark only.
 */
final class RoundProfile extends SparkListener {
  /** One job's figures, in milliseconds. */
  record Job(
      String description,
      long started,
      long wall,
      long firstLaunch,
      long lastLaunch,
      long lastFinish,
      long deserialize,
      long run,
      long resultSerialize,
      long gc,
      long resultBytes) {}

  private final List<Job> jobs = new ArrayList<>();
  private long start;
  private String description;
  private long firstLaunch;
  private long lastLaunch;
  private long lastFinish;
  private long deserialize;
  private long run;
  private long resultSerialize;
  private long gc;
  private long resultBytes;

  @Override
  public synchronized void onJobStart(SparkListenerJobStart e) {
    start = e.time();
    description =
        e.properties() == null ? null : e.properties().getProperty("spark.job.description");
    if (description == null && !e.stageInfos().isEmpty()) {
      // A job without a description (the stage's data preparation) is named by its call site.
      description = e.stageInfos().last().name();
    }
    firstLaunch = Long.MAX_VALUE;
    lastLaunch = 0;
    lastFinish = 0;
    deserialize = 0;
    run = 0;
    resultSerialize = 0;
    gc = 0;
    resultBytes = 0;
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    TaskMetrics m = e.taskMetrics();
    firstLaunch = Math.min(firstLaunch, e.taskInfo().launchTime());
    lastLaunch = Math.max(lastLaunch, e.taskInfo().launchTime());
    lastFinish = Math.max(lastFinish, e.taskInfo().finishTime());
    if (m != null) {
      deserialize = Math.max(deserialize, m.executorDeserializeTime());
      run = Math.max(run, m.executorRunTime());
      resultSerialize = Math.max(resultSerialize, m.resultSerializationTime());
      gc = Math.max(gc, m.jvmGCTime());
      resultBytes = Math.max(resultBytes, m.resultSize());
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd e) {
    jobs.add(
        new Job(
            description == null ? "" : description,
            start,
            e.time() - start,
            firstLaunch == Long.MAX_VALUE ? -1 : firstLaunch - start,
            lastLaunch == 0 ? -1 : lastLaunch - start,
            lastFinish == 0 ? -1 : lastFinish - start,
            deserialize,
            run,
            resultSerialize,
            gc,
            resultBytes));
  }

  /** Forgets the jobs recorded so far. */
  synchronized void clear() {
    jobs.clear();
  }

  /** The jobs that started at or after {@code since} (epoch milliseconds), in order. */
  synchronized List<Job> jobsSince(long since) {
    List<Job> out = new ArrayList<>();
    for (Job j : jobs) {
      if (j.started() >= since) {
        out.add(j);
      }
    }
    return out;
  }

  /** The jobs whose description starts with {@code prefix}, in order. */
  synchronized List<Job> jobs(String prefix) {
    List<Job> out = new ArrayList<>();
    for (Job j : jobs) {
      if (j.description().startsWith(prefix)) {
        out.add(j);
      }
    }
    return out;
  }
}
