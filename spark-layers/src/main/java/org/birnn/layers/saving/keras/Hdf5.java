package org.birnn.layers.saving.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An HDF5 file, the only class that touches the HDF5 library ({@code io.jhdf}, pure Java): read,
 * groups by path, string attributes, and float datasets as ND4J arrays; written, by {@link Writer}.
 * Every failure is an {@link IOException} naming the file and the path inside it.
 */
public final class Hdf5 implements Closeable {
  /** The 8 bytes every HDF5 file starts with (at offset 0 for the files Keras writes). */
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private final HdfFile file;
  private final String name;
  private final long length;

  private Hdf5(HdfFile file, String name, long length) {
    this.file = file;
    this.name = name;
    this.length = length;
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
    long declared = endOfFile(bytes);
    if (declared > bytes.length) {
      throw new IOException(
          name
              + " is cut short: its HDF5 superblock says "
              + declared
              + " bytes, the file has "
              + bytes.length
              + " (truncated?)");
    }
    try {
      return new Hdf5(HdfFile.fromBytes(bytes), name, bytes.length);
    } catch (RuntimeException e) {
      throw new IOException(name + " is not a readable HDF5 file: " + e.getMessage(), e);
    }
  }

  /**
   * The end-of-file address the superblock records (base address plus the file's length when it was
   * written), or -1 when the superblock is of a version this does not know or itself cut off.
   * Superblock versions 0 and 1 (h5py's default, so Keras's files) keep it after the base and
   * free-space addresses; versions 2 and 3 after the base and extension addresses.
   */
  private static long endOfFile(byte[] b) {
    if (b.length < 16) {
      return Long.MAX_VALUE; // not even a superblock's start
    }
    int version = b[8];
    int at;
    int offsets;
    switch (version) {
      case 0, 1 -> {
        offsets = b[13];
        at = 24 + (version == 1 ? 4 : 0) + 2 * offsets; // past base and free-space addresses
      }
      case 2, 3 -> {
        offsets = b[9];
        at = 12 + 2 * offsets; // past base and superblock extension addresses
      }
      default -> {
        return -1;
      }
    }
    if (offsets != 8 && offsets != 4) {
      return -1;
    }
    if (b.length < at + offsets) {
      return Long.MAX_VALUE;
    }
    long base = little(b, at - 2 * offsets, offsets);
    long eof = little(b, at, offsets);
    return base + eof;
  }

  private static long little(byte[] b, int at, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xffL);
    }
    return v;
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
   * The datasets {@code path/0}, {@code path/1}, ... of a Keras {@code vars} group, in order: float
   * datasets as float arrays, integer ones (counters) as long arrays.
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
    int n;
    try {
      n = group.getChildren().size();
    } catch (RuntimeException e) {
      throw new IOException(name + ": " + path + " cannot be read: " + e.getMessage(), e);
    }
    List<INDArray> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Node child;
      try {
        child = group.getChild(Integer.toString(i));
      } catch (RuntimeException e) {
        throw new IOException(
            name + ": " + path + "/" + i + " cannot be read: " + e.getMessage(), e);
      }
      if (!(child instanceof Dataset d)) {
        throw new IOException(
            name + ": " + path + " holds " + n + " entries but no dataset named " + i);
      }
      out.add(array(d, path + "/" + i));
    }
    return out;
  }

  /**
   * The float dataset at {@code path}.
   *
   * @throws IOException when there is none, or it does not hold floats
   */
  public INDArray array(String path) throws IOException {
    Node node;
    try {
      node = file.getByPath(path);
    } catch (RuntimeException e) {
      throw new IOException(name + " has no dataset " + path, e);
    }
    if (!(node instanceof Dataset d)) {
      throw new IOException(name + ": " + path + " is not a dataset");
    }
    return array(d, path);
  }

  /**
   * The string attribute {@code attribute} of the node at {@code path}, or empty when the node or
   * the attribute is missing.
   *
   * @throws IOException when the attribute holds something other than one string
   */
  public Optional<String> stringAttribute(String path, String attribute) throws IOException {
    List<String> all = strings(path, attribute);
    if (all == null) {
      return Optional.empty();
    }
    if (all.size() != 1) {
      throw new IOException(
          name + ": attribute " + attribute + " of " + path + " holds " + all.size() + " strings");
    }
    return Optional.of(all.get(0));
  }

  /**
   * The strings of attribute {@code attribute} at {@code path}, read whole or, as Keras writes
   * attributes past HDF5's 64 KiB limit, from {@code attribute0}, {@code attribute1}, ... in turn;
   * empty when there is none.
   */
  public List<String> stringsAttribute(String path, String attribute) throws IOException {
    List<String> whole = strings(path, attribute);
    if (whole != null) {
      return whole;
    }
    List<String> out = new ArrayList<>();
    for (int chunk = 0; ; chunk++) {
      List<String> part = strings(path, attribute + chunk);
      if (part == null) {
        return out;
      }
      out.addAll(part);
    }
  }

  private List<String> strings(String path, String attribute) throws IOException {
    Attribute a;
    try {
      a =
          (path.isEmpty() || "/".equals(path) ? file : file.getByPath(path))
              .getAttribute(attribute);
    } catch (RuntimeException e) {
      return null;
    }
    if (a == null) {
      return null;
    }
    try {
      Object data = a.getData();
      List<String> out = new ArrayList<>();
      if (data instanceof String s) {
        out.add(s);
      } else if (data instanceof String[] all) {
        out.addAll(List.of(all));
      } else if (data instanceof byte[] bytes) {
        out.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      } else if (!a.isEmpty()) {
        throw new IOException(
            name
                + ": attribute "
                + attribute
                + " of "
                + path
                + " is not text but "
                + a.getJavaType());
      }
      return out;
    } catch (RuntimeException e) {
      throw new IOException(
          name + ": attribute " + attribute + " of " + path + " cannot be read: " + e.getMessage(),
          e);
    }
  }

  private INDArray array(Dataset d, String path) throws IOException {
    try {
      // Keras never compresses weights, so a dataset cannot hold more bytes than the file: a larger
      // declared size is damage (or hostility), refused before anything is allocated for it.
      long declared = d.getSizeInBytes();
      if (declared < 0 || declared > length) {
        throw new IOException(
            name
                + ": "
                + path
                + " declares "
                + declared
                + " bytes, more than the file's "
                + length
                + " (truncated or corrupted?)");
      }
      long[] shape = d.getDimensionsAsLong();
      Object flat = d.getDataFlat();
      if (flat instanceof float[] f) {
        return Nd4j.create(f, shape, 'c');
      }
      if (flat instanceof double[] v) {
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
      }
      if (flat instanceof int[] v) { // counters, such as an optimizer's iterations
        return Nd4j.createFromArray(v).castTo(DataType.LONG).reshape('c', shape);
      }
      if (flat instanceof long[] v) {
        return Nd4j.createFromArray(v).reshape('c', shape);
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

  /**
   * A new HDF5 file built in memory: float datasets of rank 0 to 3 by path, their groups created
   * with them, then {@link #toBytes()}. Neither empty groups nor attributes: jhdf 0.13 writes some
   * files with an empty group (depending on the names) or an attribute on a group without children
   * into headers that neither it nor h5py reads back; Keras needs neither.
   */
  public static final class Writer {
    private final Path tmp;
    private final WritableHdfFile out;
    private final Map<String, WritableGroup> groups = new HashMap<>();

    /** Starts an empty file. */
    public Writer() throws IOException {
      tmp = Files.createTempFile("birnn-", ".h5");
      out = HdfFile.write(tmp);
      groups.put("", out);
    }

    /** Writes {@code value} as the float dataset at {@code path} (its group created as needed). */
    public Writer dataset(String path, INDArray value) {
      int slash = path.lastIndexOf('/');
      WritableGroup parent = groupAt(slash < 0 ? "" : path.substring(0, slash));
      INDArray v = value.castTo(DataType.FLOAT);
      Object data =
          switch (v.rank()) {
            case 0 -> v.getFloat(0);
            case 1 -> v.toFloatVector();
            case 2 -> v.toFloatMatrix();
            case 3 -> cube(v);
            default ->
                throw new IllegalArgumentException(
                    "HDF5 dataset " + path + " has rank " + v.rank() + "; at most 3 is written");
          };
      parent.putDataset(path.substring(slash + 1), data);
      return this;
    }

    private static float[][][] cube(INDArray v) {
      float[][][] out = new float[(int) v.size(0)][][];
      for (int i = 0; i < out.length; i++) {
        out[i] = v.slice(i).toFloatMatrix();
      }
      return out;
    }

    private WritableGroup groupAt(String path) {
      WritableGroup g = groups.get(path);
      if (g == null) {
        int slash = path.lastIndexOf('/');
        WritableGroup parent = groupAt(slash < 0 ? "" : path.substring(0, slash));
        g = parent.putGroup(path.substring(slash + 1));
        groups.put(path, g);
      }
      return g;
    }

    /** The file's bytes; the writer is spent. */
    public byte[] toBytes() throws IOException {
      try {
        out.close();
        return Files.readAllBytes(tmp);
      } catch (RuntimeException e) {
        throw new IOException("cannot write an HDF5 file: " + e.getMessage(), e);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
