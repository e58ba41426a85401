package org.birnn.pipelines.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.birnn.layers.saving.FormatHeader;
import org.birnn.layers.saving.config.KerasJson;

/**
 * Training checkpoints on any Hadoop file system: a {@link FormatHeader}, then the flat parameters,
 * optimizer state and progress, written to a temporary file and renamed, so a crash never leaves
 * half a checkpoint. Checkpoints of version 1 (no header) are still read.
 */
public final class Checkpoints {
  private static final String FILE = "birnn-checkpoint.bin";
  private static final int MAGIC = 0x42524e43; // "BRNC"

  /** The checkpoint's header; version 1 (0.1.0) had none: its first string is the spec key. */
  static final String FORMAT = "birnn-checkpoint";

  static final int VERSION = 2;

  private Checkpoints() {}

  /**
   * A saved training state.
   *
   * @param specKey identifies the network and optimizer it belongs to
   * @param epoch epoch to resume at
   * @param round round within that epoch to resume at
   * @param globalRound rounds completed in all
   * @param iterations optimizer steps taken
   * @param params flat parameters
   * @param state flat optimizer state
   */
  public record State(
      String specKey,
      int epoch,
      int round,
      int globalRound,
      long iterations,
      float[] params,
      float[] state) {}

  /** Writes {@code s} into {@code dir}, replacing any earlier checkpoint. */
  public static void write(String dir, State s, Configuration conf) {
    try {
      Path target = new Path(dir, FILE);
      FileSystem fs = target.getFileSystem(conf);
      fs.mkdirs(new Path(dir));
      Path tmp = new Path(dir, FILE + ".tmp");
      try (FSDataOutputStream out = fs.create(tmp, true);
          DataOutputStream d = new DataOutputStream(out)) {
        d.writeInt(MAGIC);
        d.writeUTF(KerasJson.write(FormatHeader.current(FORMAT, VERSION).toJson()));
        d.writeUTF(s.specKey());
        d.writeInt(s.epoch());
        d.writeInt(s.round());
        d.writeInt(s.globalRound());
        d.writeLong(s.iterations());
        writeFloats(d, s.params());
        writeFloats(d, s.state());
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Writing a checkpoint to " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** The checkpoint in {@code dir}, or {@code null} if there is none. */
  public static State read(String dir, Configuration conf) {
    try {
      Path target = new Path(dir, FILE);
      FileSystem fs = target.getFileSystem(conf);
      if (!fs.exists(target)) {
        return null;
      }
      try (DataInputStream d = new DataInputStream(fs.open(target))) {
        if (d.readInt() != MAGIC) {
          throw new IOException(target + " is not a birnn checkpoint");
        }
        String first = d.readUTF();
        // A header is a JSON object; version 1 began with the spec key (hex digits and '/').
        if (first.startsWith("{")) {
          FormatHeader.read(KerasJson.parse(first), FORMAT, VERSION, target.toString(), null);
          first = d.readUTF();
        }
        return new State(
            first,
            d.readInt(),
            d.readInt(),
            d.readInt(),
            d.readLong(),
            readFloats(d),
            readFloats(d));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading the checkpoint in " + dir + " failed: " + e.getMessage(), e);
    }
  }

  private static void writeFloats(DataOutputStream d, float[] v) throws IOException {
    d.writeInt(v.length);
    for (float f : v) {
      d.writeFloat(f);
    }
  }

  private static float[] readFloats(DataInputStream d) throws IOException {
    float[] v = new float[d.readInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = d.readFloat();
    }
    return v;
  }
}
