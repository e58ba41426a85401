package org.birnn.layers.models;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small, explicit binary format for named tensors (no Java serialization): magic {@code
 * BIRNNT01}, a count, then per tensor its name, dtype (0 float32, 1 float64), rank, shape and
 * big-endian values; a CRC32 of everything before it closes the file.
 */
final class TensorFile {
  private static final byte[] MAGIC = {'B', 'I', 'R', 'N', 'N', 'T', '0', '1'};

  /** No layer has weights of more axes (a convolution's kernel has 5). */
  private static final int MAX_RANK = 8;

  private TensorFile() {}

  /** A named tensor. */
  record Entry(String name, INDArray value) {}

  static byte[] write(List<Entry> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(entries.size());
    for (Entry e : entries) {
      INDArray v = e.value().dup('c');
      boolean dbl = v.dataType() == DataType.DOUBLE;
      if (!dbl && v.dataType() != DataType.FLOAT) {
        throw new IllegalArgumentException(
            "Tensor '"
                + e.name()
                + "' has dtype "
                + v.dataType()
                + "; only float32 and float64 are saved");
      }
      out.writeUTF(e.name());
      out.writeByte(dbl ? 1 : 0);
      out.writeInt(v.rank());
      for (long d : v.shape()) {
        out.writeLong(d);
      }
      if (dbl) {
        for (double d : v.data().asDouble()) {
          out.writeDouble(d);
        }
      } else {
        for (float f : v.data().asFloat()) {
          out.writeFloat(f);
        }
      }
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    return bytes.toByteArray();
  }

  /**
   * Reads and verifies a file written by {@link #write}.
   *
   * @param what names the file in messages
   * @throws IOException naming what is wrong: magic, truncation or checksum
   */
  static List<Entry> read(byte[] data, String what) throws IOException {
    if (data.length < MAGIC.length + 12
        || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
      throw new IOException(what + " is not a birnn tensor file (bad header)");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new IOException(
          what
              + " failed its checksum (stored "
              + Long.toHexString(stored)
              + ", computed "
              + Long.toHexString(crc.getValue())
              + "): the file is truncated or corrupted");
    }
    try (DataInputStream in =
        new DataInputStream(
            new java.io.ByteArrayInputStream(data, MAGIC.length, data.length - MAGIC.length - 8))) {
      int count = in.readInt();
      // Every size is checked against the bytes left before anything is allocated.
      if (count < 0 || count > in.available()) {
        throw new IOException(
            what + " declares " + count + " tensors in " + data.length + " bytes");
      }
      List<Entry> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        boolean dbl = in.readByte() == 1;
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
          throw new IOException(what + ": tensor '" + name + "' declares rank " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        long left = in.available();
        for (int r = 0; r < rank; r++) {
          shape[r] = in.readLong();
          if (shape[r] < 0 || shape[r] > left) {
            throw new IOException(
                what + ": tensor '" + name + "' declares dimension " + shape[r] + " at axis " + r);
          }
          n *= shape[r];
          if (n > left) {
            break; // checked below, before n can overflow
          }
        }
        long bytes = n * (dbl ? Double.BYTES : Float.BYTES);
        if (n > in.available() || bytes > in.available()) {
          throw new IOException(
              what
                  + ": tensor '"
                  + name
                  + "' declares shape "
                  + Arrays.toString(shape)
                  + " but only "
                  + in.available()
                  + " bytes are left");
        }
        INDArray v;
        if (dbl) {
          double[] d = new double[Math.toIntExact(n)];
          for (int k = 0; k < d.length; k++) {
            d[k] = in.readDouble();
          }
          v = Nd4j.create(d, shape, DataType.DOUBLE);
        } else {
          float[] f = new float[Math.toIntExact(n)];
          for (int k = 0; k < f.length; k++) {
            f[k] = in.readFloat();
          }
          v = Nd4j.create(f, shape, 'c');
        }
        out.add(new Entry(name, v));
      }
      return out;
    } catch (EOFException e) {
      throw new IOException(what + " ends early: the file is truncated", e);
    } catch (java.io.UTFDataFormatException e) {
      throw new IOException(what + " has a damaged tensor name: " + e.getMessage(), e);
    }
  }
}
