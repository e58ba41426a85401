package org.birnn.pipelines.training;

import org.apache.hadoop.conf.Configuration;
import org.birnn.layers.models.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a checkpoint every {@code interval} rounds into a directory on any Hadoop file system, and
 * resumes a new fit from the checkpoint found there when it belongs to the same network and
 * optimizer.
 */
public final class CheckpointCallback implements TrainingCallback {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCallback.class);
  private final String dir;
  private final int interval;
  private final Configuration conf;
  private String key;

  /**
   * @param dir the checkpoint directory (any Hadoop URI)
   * @param interval rounds between two checkpoints (&gt; 0)
   * @param conf the Hadoop configuration of the file system
   */
  public CheckpointCallback(String dir, int interval, Configuration conf) {
    if (interval <= 0) {
      throw new IllegalArgumentException("checkpointInterval must be > 0; received " + interval);
    }
    this.dir = dir;
    this.interval = interval;
    this.conf = conf;
  }

  @Override
  public Progress onTrainBegin(Model model, Progress start) {
    key = NetworkSpec.compatibilityKey(model);
    Checkpoints.State s = Checkpoints.read(dir, conf);
    if (s == null) {
      return start;
    }
    if (!s.specKey().equals(key) || s.params().length != start.params().length) {
      LOG.warn("Ignoring the checkpoint in {}: it belongs to another network or optimizer", dir);
      return start;
    }
    LOG.info(
        "Resuming from the checkpoint in {}: epoch {}, round {}",
        dir,
        s.epoch() + 1,
        s.round() + 1);
    return new Progress(
        s.epoch(), s.round(), s.globalRound(), s.iterations(), s.params(), s.state());
  }

  @Override
  public void onRoundEnd(Progress p) {
    if (p.globalRound() % interval == 0) {
      Checkpoints.write(
          dir,
          new Checkpoints.State(
              key, p.epoch(), p.round(), p.globalRound(), p.iterations(), p.params(), p.state()),
          conf);
    }
  }
}
