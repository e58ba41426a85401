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

  private SequenceExample example;

  /** For deserialization only. */
  public ExampleForm() {}

  ExampleForm(SequenceExample example) {
    this.example = example;
  }

  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    SequenceExample e = example;
    out.writeInt(e.length());
    out.writeInt(e.dim());
    out.writeInt(e.label());
    out.writeInt(e.values().length);
    int[] tags = e.tags();
    out.writeInt(tags == null ? -1 : tags.length);
    byte[] chunk = chunk(Math.max(e.values().length, tags == null ? 0 : tags.length));
    ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = e.values();
    for (int from = 0; from < v.length; from += chunk.length / 4) {
      int n = Math.min(chunk.length / 4, v.length - from);
      b.clear();
      b.asFloatBuffer().put(v, from, n);
      out.write(chunk, 0, 4 * n);
    }
    if (tags != null) {
      for (int from = 0; from < tags.length; from += chunk.length / 4) {
        int n = Math.min(chunk.length / 4, tags.length - from);
        b.clear();
        b.asIntBuffer().put(tags, from, n);
        out.write(chunk, 0, 4 * n);
      }
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
    byte[] chunk = chunk(Math.max(valueCount, tagCount));
    ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < valueCount; from += chunk.length / 4) {
      int n = Math.min(chunk.length / 4, valueCount - from);
      in.readFully(chunk, 0, 4 * n);
      b.clear();
      b.asFloatBuffer().get(v, from, n);
    }
    if (tags != null) {
      for (int from = 0; from < tagCount; from += chunk.length / 4) {
        int n = Math.min(chunk.length / 4, tagCount - from);
        in.readFully(chunk, 0, 4 * n);
        b.clear();
        b.asIntBuffer().get(tags, from, n);
      }
    }
    example = new SequenceExample(v, length, dim, label, tags);
  }

  /** A copy buffer for arrays of up to {@code elements} 4-byte values. */
  private static byte[] chunk(int elements) {
    return new byte[(int) Math.min(CHUNK, 4L * Math.max(0, elements))];
  }

  private Object readResolve() throws ObjectStreamException {
    return example;
  }
}
