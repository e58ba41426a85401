package org.birnn.pipelines.training;

import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.birnn.layers.models.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a checkpoint every {@code interval} rounds into a directory on any Hadoop file system, and
 * resumes a new fit from the checkpoint found there only when it continues the same fit: the same
 * {@link TrainingFingerprint} (network and optimizer, result-changing settings, training data). A
 * checkpoint of another fit is an error naming what differs, or with {@link Mismatch#RESTART} is
 * removed and the fit starts afresh.
 */
public final class CheckpointCallback implements TrainingCallback {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCallback.class);

  /** What to do with a checkpoint that belongs to another fit. */
  public enum Mismatch {
    /** Fail, naming what differs (the default). */
    ERROR,
    /** Remove the directory's checkpoints and train from the start. */
    RESTART;

    /** {@code "error"} or {@code "restart"}, as the {@code checkpointMismatch} param spells it. */
    public static Mismatch of(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  private final String dir;
  private final int interval;
  private final Configuration conf;
  private final Mismatch mismatch;
  private TrainingFingerprint fingerprint;

  /**
   * @param dir the checkpoint directory (any Hadoop URI)
   * @param interval rounds between two checkpoints (&gt; 0)
   * @param conf the Hadoop configuration of the file system
   * @param mismatch what to do with a checkpoint of another fit
   */
  public CheckpointCallback(String dir, int interval, Configuration conf, Mismatch mismatch) {
    if (interval <= 0) {
      throw new IllegalArgumentException("checkpointInterval must be > 0; received " + interval);
    }
    this.dir = dir;
    this.interval = interval;
    this.conf = conf;
    this.mismatch = mismatch;
  }

  /** A callback that fails on a checkpoint of another fit. */
  public CheckpointCallback(String dir, int interval, Configuration conf) {
    this(dir, interval, conf, Mismatch.ERROR);
  }

  @Override
  public Progress onTrainBegin(
      Model model, Progress start, Supplier<TrainingFingerprint> fingerprint) {
    this.fingerprint = fingerprint.get();
    Checkpoints.State s = Checkpoints.read(dir, conf);
    if (s == null) {
      return start;
    }
    List<String> differ =
        s.fingerprint() == null
            ? List.of("unknown: it was written by a version without fingerprints")
            : this.fingerprint.differences(s.fingerprint());
    if (differ.isEmpty() && s.params().length == start.params().length) {
      LOG.info(
          "Resuming from the checkpoint in {}: epoch {}, round {}",
          dir,
          s.epoch() + 1,
          s.round() + 1);
      return new Progress(
          s.epoch(), s.round(), s.globalRound(), s.iterations(), s.params(), s.state());
    }
    String what =
        "The checkpoint in "
            + dir
            + " (round "
            + s.globalRound()
            + ") belongs to another fit; what differs: "
            + String.join("; ", differ);
    if (mismatch == Mismatch.ERROR) {
      throw new IllegalStateException(
          what
              + ". Choose another checkpointDir, remove that one, or set checkpointMismatch to"
              + " 'restart' to replace its checkpoints with this fit's.");
    }
    LOG.warn("{}; removing its checkpoints and starting afresh (checkpointMismatch=restart)", what);
    Checkpoints.clear(dir, conf);
    return start;
  }

  @Override
  public void onRoundEnd(Progress p) {
    if (p.globalRound() % interval == 0) {
      Checkpoints.write(
          dir,
          new Checkpoints.State(
              fingerprint,
              fingerprint.network(),
              p.epoch(),
              p.round(),
              p.globalRound(),
              p.iterations(),
              p.params(),
              p.state()),
          conf);
    }
  }
}
