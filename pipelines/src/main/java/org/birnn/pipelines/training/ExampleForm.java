package org.birnn.pipelines.training;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectStreamException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The serialized form of a {@link SequenceExample}: its scalars, then its values and tags each as
 * one block of little-endian bytes, copied in bulk both ways (a record's own serial form writes a
 * {@code float[]} value by value). Only Java serialization uses it: the rows of a fit's shuffle.
 */
final class ExampleForm implements Externalizable {
  private static final long serialVersionUID = 1L;

  /** Largest chunk of bytes copied at once, so a long row needs no buffer of its own size. */
  private static final int CHUNK = 1 << 16;

  /**
   * Each thread's copy buffer, reused row after row: a buffer per row was a second row-sized
   * allocation on each side of the shuffle (for rows of 100 x 128 floats, 2,560 rows cost 131 MB of
   * garbage to write and again to read, on a heap still being mapped page by page in a young
   * executor). Neither side calls back into this class while it holds the buffer.
   */
  private static final ThreadLocal<ByteBuffer> CHUNKS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN));

  private SequenceExample example;

  /** For deserialization only. */
  public ExampleForm() {}

  ExampleForm(SequenceExample example) {
    this.example = example;
  }

  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    SequenceExample e = example;
    float[] v = e.values();
    int[] tags = e.tags();
    out.writeInt(e.length());
    out.writeInt(e.dim());
    out.writeInt(e.label());
    out.writeInt(v.length);
    out.writeInt(tags == null ? -1 : tags.length);
    ByteBuffer b = CHUNKS.get();
    write(out, b, v.length, (from, n) -> b.asFloatBuffer().put(v, from, n));
    if (tags != null) {
      write(out, b, tags.length, (from, n) -> b.asIntBuffer().put(tags, from, n));
    }
  }

  @Override
  public void readExternal(ObjectInput in) throws IOException {
    int length = in.readInt();
    int dim = in.readInt();
    int label = in.readInt();
    int valueCount = in.readInt();
    int tagCount = in.readInt();
    if (valueCount < 0 || tagCount < -1) {
      throw new java.io.InvalidObjectException(
          "a serialized sequence with " + valueCount + " values and " + tagCount + " tags");
    }
    float[] v = new float[valueCount];
    int[] tags = tagCount < 0 ? null : new int[tagCount];
    ByteBuffer b = CHUNKS.get();
    read(in, b, valueCount, (from, n) -> b.asFloatBuffer().get(v, from, n));
    if (tags != null) {
      read(in, b, tagCount, (from, n) -> b.asIntBuffer().get(tags, from, n));
    }
    example = new SequenceExample(v, length, dim, label, tags);
  }

  /** Copies {@code n} 4-byte values from offset {@code from} of an array into or out of a chunk. */
  @FunctionalInterface
  private interface Copy {
    void copy(int from, int n);
  }

  /**
   * Writes {@code count} values, a chunk at a time, each put into the chunk by {@code fill} (the
   * chunk's views start at index 0 however often they are taken: its position never moves).
   */
  private static void write(ObjectOutput out, ByteBuffer chunk, int count, Copy fill)
      throws IOException {
    int per = chunk.capacity() / 4;
    for (int from = 0; from < count; from += per) {
      int n = Math.min(per, count - from);
      fill.copy(from, n);
      out.write(chunk.array(), 0, 4 * n);
    }
  }

  /** Reads {@code count} values, a chunk at a time, each taken from the chunk by {@code drain}. */
  private static void read(ObjectInput in, ByteBuffer chunk, int count, Copy drain)
      throws IOException {
    int per = chunk.capacity() / 4;
    for (int from = 0; from < count; from += per) {
      int n = Math.min(per, count - from);
      in.readFully(chunk.array(), 0, 4 * n);
      drain.copy(from, n);
    }
  }

  private Object readResolve() throws ObjectStreamException {
    return example;
  }
}
