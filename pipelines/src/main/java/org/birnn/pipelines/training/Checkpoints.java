package org.birnn.pipelines.training;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.birnn.layers.saving.FormatHeader;
import org.birnn.layers.saving.config.KerasJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints on any Hadoop file system, one file per checkpointed round ({@code
 * birnn-checkpoint-<round>.bin}): a {@link FormatHeader}, the {@link TrainingFingerprint} of the
 * fit, the progress, the flat parameters and optimizer state, and a CRC-32 of all that.
 *
 * <p>A write goes to a temporary file with a unique name (two fits never collide) and is renamed
 * into place, so a crash never leaves half a checkpoint; the previous checkpoint is kept until a
 * newer one is complete, and only the newest {@link #KEEP} stay. A read takes the newest checkpoint
 * that is complete and whose checksum matches, falling back to the previous one. Checkpoints of
 * version 1 and 2 (a single {@code birnn-checkpoint.bin}, no fingerprint or checksum) still read.
 */
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  private static final String PREFIX = "birnn-checkpoint-";
  private static final String SUFFIX = ".bin";
  private static final String LEGACY = "birnn-checkpoint.bin";
  private static final int MAGIC = 0x42524e43; // "BRNC"

  /** The checkpoint's header; version 1 (0.1.0) had none: its first string is the spec key. */
  static final String FORMAT = "birnn-checkpoint";

  static final int VERSION = 3;

  /** Checkpoints kept in a directory: the newest and the one before it. */
  static final int KEEP = 2;

  private Checkpoints() {}

  /**
   * A saved training state.
   *
   * @param fingerprint the fit it continues, or {@code null} for checkpoints before version 3
   * @param specKey identifies the network and optimizer it belongs to
   * @param epoch epoch to resume at
   * @param round round within that epoch to resume at
   * @param globalRound rounds completed in all
   * @param iterations optimizer steps taken
   * @param params flat parameters
   * @param state flat optimizer state
   */
  public record State(
      TrainingFingerprint fingerprint,
      String specKey,
      int epoch,
      int round,
      int globalRound,
      long iterations,
      float[] params,
      float[] state) {}

  /** Writes {@code s} into {@code dir}, then removes all but the newest {@link #KEEP}. */
  public static void write(String dir, State s, Configuration conf) {
    try {
      Path d = new Path(dir);
      FileSystem fs = d.getFileSystem(conf);
      fs.mkdirs(d);
      byte[] bytes = encode(s);
      Path tmp = new Path(d, "." + PREFIX + UUID.randomUUID() + ".tmp");
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        out.write(bytes);
        out.hsync();
      }
      Path target = new Path(d, String.format("%s%010d%s", PREFIX, s.globalRound(), SUFFIX));
      // Only a resumed fit rewrites a round it has written; the one before it is still there.
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        throw new IOException("could not rename " + tmp + " to " + target);
      }
      List<Path> all = checkpoints(fs, d);
      for (int i = KEEP; i < all.size(); i++) {
        fs.delete(all.get(i), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Writing a checkpoint to " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The newest readable checkpoint in {@code dir}, or {@code null} if there is none; unreadable
   * ones (cut short, checksum mismatch) are skipped with a warning.
   *
   * @throws UncheckedIOException when checkpoints exist but none is readable
   */
  public static State read(String dir, Configuration conf) {
    List<String> failures = new ArrayList<>();
    try {
      Path d = new Path(dir);
      FileSystem fs = d.getFileSystem(conf);
      if (!fs.exists(d)) {
        return null;
      }
      List<Path> all = checkpoints(fs, d);
      for (Path p : all) {
        try {
          return decode(readAll(fs, p), p.toString());
        } catch (IOException | IllegalArgumentException e) {
          LOG.warn("Skipping the unreadable checkpoint {}: {}", p, e.getMessage());
          failures.add(p.getName() + ": " + e.getMessage());
        }
      }
      if (all.isEmpty()) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading the checkpoints in " + dir + " failed: " + e.getMessage(), e);
    }
    throw new UncheckedIOException(
        new IOException(
            "No readable checkpoint in "
                + dir
                + ": "
                + String.join("; ", failures)
                + ". Remove the directory or choose another checkpointDir."));
  }

  /** Deletes every checkpoint in {@code dir} (a fit that starts afresh there). */
  static void clear(String dir, Configuration conf) {
    try {
      Path d = new Path(dir);
      FileSystem fs = d.getFileSystem(conf);
      if (fs.exists(d)) {
        for (Path p : checkpoints(fs, d)) {
          fs.delete(p, false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Removing the checkpoints in " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** The checkpoint files in {@code dir}, newest first, the version-1/2 file last. */
  private static List<Path> checkpoints(FileSystem fs, Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    Path legacy = null;
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
        out.add(st.getPath());
      } else if (name.equals(LEGACY)) {
        legacy = st.getPath();
      }
    }
    out.sort(Comparator.comparing((Path p) -> p.getName()).reversed());
    if (legacy != null) {
      out.add(legacy);
    }
    return out;
  }

  private static byte[] readAll(FileSystem fs, Path p) throws IOException {
    long length = fs.getFileStatus(p).getLen();
    if (length > Integer.MAX_VALUE - 16) {
      throw new IOException("too large for a checkpoint: " + length + " bytes");
    }
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = fs.open(p)) {
      in.readFully(0, bytes);
    }
    return bytes;
  }

  static byte[] encode(State s) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream d = new DataOutputStream(buf)) {
      d.writeInt(MAGIC);
      d.writeUTF(KerasJson.write(FormatHeader.current(FORMAT, VERSION).toJson()));
      d.writeUTF(s.fingerprint().toJson());
      d.writeUTF(s.specKey());
      d.writeInt(s.epoch());
      d.writeInt(s.round());
      d.writeInt(s.globalRound());
      d.writeLong(s.iterations());
      writeFloats(d, s.params());
      writeFloats(d, s.state());
      d.flush();
      CRC32 crc = new CRC32();
      crc.update(buf.toByteArray());
      d.writeLong(crc.getValue());
    }
    return buf.toByteArray();
  }

  /**
   * Parses a checkpoint; every length is checked against the bytes present before anything is
   * allocated, so a damaged file is an {@link IOException}, never an {@code OutOfMemoryError}.
   */
  static State decode(byte[] bytes, String where) throws IOException {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.getInt() != MAGIC) {
        throw new IOException(where + " is not a birnn checkpoint");
      }
      String first = readUtf(b);
      int version = 1;
      // A header is a JSON object; version 1 began with the spec key (hex digits and '/').
      if (first.startsWith("{")) {
        version =
            FormatHeader.read(KerasJson.parse(first), FORMAT, VERSION, where, null).formatVersion();
        first = readUtf(b);
      }
      TrainingFingerprint fingerprint = null;
      if (version >= 3) {
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != stored) {
          throw new IOException(where + " is damaged: its checksum does not match its contents");
        }
        fingerprint = TrainingFingerprint.fromJson(first);
        first = readUtf(b);
      }
      State s =
          new State(
              fingerprint,
              first,
              b.getInt(),
              b.getInt(),
              b.getInt(),
              b.getLong(),
              readFloats(b, where),
              readFloats(b, where));
      if (b.remaining() != (version >= 3 ? 8 : 0)) {
        throw new IOException(where + " has " + b.remaining() + " unexpected trailing bytes");
      }
      return s;
    } catch (BufferUnderflowException e) {
      throw new IOException(where + " is cut short", e);
    }
  }

  private static String readUtf(ByteBuffer b) throws IOException {
    int n = Short.toUnsignedInt(b.getShort());
    if (n > b.remaining()) {
      throw new IOException("a string of " + n + " bytes with " + b.remaining() + " left");
    }
    byte[] s = new byte[n];
    b.get(s);
    // DataOutput's modified UTF-8 equals UTF-8 for the ASCII/JSON written here.
    return new String(s, StandardCharsets.UTF_8);
  }

  private static void writeFloats(DataOutputStream d, float[] v) throws IOException {
    d.writeInt(v.length);
    for (float f : v) {
      d.writeFloat(f);
    }
  }

  private static float[] readFloats(ByteBuffer b, String where) throws IOException {
    int n = b.getInt();
    if (n < 0 || (long) n * Float.BYTES > b.remaining()) {
      throw new IOException(
          where + " declares " + n + " floats with only " + b.remaining() + " bytes left");
    }
    float[] v = new float[n];
    b.asFloatBuffer().get(v);
    b.position(b.position() + n * Float.BYTES);
    return v;
  }
}
