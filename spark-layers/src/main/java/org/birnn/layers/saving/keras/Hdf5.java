package org.birnn.layers.saving.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A read-only HDF5 file, the only class that touches the HDF5 library ({@code io.jhdf}, pure Java):
 * groups by path, and float datasets as ND4J arrays. Every failure is an {@link IOException} naming
 * the file and the path inside it.
 */
public final class Hdf5 implements Closeable {
  /** The 8 bytes every HDF5 file starts with (at offset 0 for the files Keras writes). */
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private final HdfFile file;
  private final String name;

  private Hdf5(HdfFile file, String name) {
    this.file = file;
    this.name = name;
  }

  /** Whether {@code head} (the first bytes of a file) is an HDF5 signature. */
  public static boolean isHdf5(byte[] head) {
    if (head.length < SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (head[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  /** Opens {@code path}. */
  public static Hdf5 open(Path path) throws IOException {
    return of(Files.readAllBytes(path), path.toString());
  }

  /** Opens an HDF5 file held in memory; {@code name} names it in messages. */
  public static Hdf5 of(byte[] bytes, String name) throws IOException {
    if (!isHdf5(bytes)) {
      throw new IOException(name + " is not an HDF5 file (no HDF5 signature)");
    }
    try {
      return new Hdf5(HdfFile.fromBytes(bytes), name);
    } catch (RuntimeException e) {
      throw new IOException(name + " is not a readable HDF5 file: " + e.getMessage(), e);
    }
  }

  /** The file's name, for messages. */
  public String name() {
    return name;
  }

  /** Whether a group exists at {@code path}. */
  public boolean hasGroup(String path) {
    try {
      return file.getByPath(path).isGroup();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The datasets {@code path/0}, {@code path/1}, ... of a Keras {@code vars} group, in order.
   *
   * @throws IOException when the group is missing, or a child is not a numbered float dataset
   */
  public List<INDArray> numberedArrays(String path) throws IOException {
    Node node;
    try {
      node = file.getByPath(path);
    } catch (RuntimeException e) {
      throw new IOException(name + " has no group " + path, e);
    }
    if (!node.isGroup()) {
      throw new IOException(name + ": " + path + " is not a group");
    }
    Group group = (Group) node;
    int n = group.getChildren().size();
    List<INDArray> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Node child = group.getChild(Integer.toString(i));
      if (!(child instanceof Dataset d)) {
        throw new IOException(
            name + ": " + path + " holds " + n + " entries but no dataset named " + i);
      }
      out.add(array(d, path + "/" + i));
    }
    return out;
  }

  private INDArray array(Dataset d, String path) throws IOException {
    try {
      long[] shape = d.getDimensionsAsLong();
      Object flat = d.getDataFlat();
      if (flat instanceof float[] f) {
        return Nd4j.create(f, shape, 'c');
      }
      if (flat instanceof double[] v) {
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
      }
      throw new IOException(
          name + ": " + path + " holds " + d.getJavaType().getSimpleName() + ", not floats");
    } catch (RuntimeException e) {
      throw new IOException(name + ": " + path + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    file.close();
  }
}
