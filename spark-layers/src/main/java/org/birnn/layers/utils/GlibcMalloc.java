package org.birnn.layers.utils;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/** glibc's {@code mallinfo2()} through JNA; only {@link MallocInfo} touches it. */
final class GlibcMalloc {
  private GlibcMalloc() {}

  /** {@code struct mallinfo2}: ten {@code size_t} fields, 64-bit on every platform JNA maps. */
  @Structure.FieldOrder({
    "arena", "ordblks", "smblks", "hblks", "hblkhd",
    "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost"
  })
  public static final class Mallinfo2 extends Structure implements Structure.ByValue {
    public long arena;
    public long ordblks;
    public long smblks;
    public long hblks;

    /** Bytes in blocks mapped on their own (large allocations). */
    public long hblkhd;

    public long usmblks;
    public long fsmblks;

    /** Bytes in use in the arenas. */
    public long uordblks;

    public long fordblks;
    public long keepcost;
  }

  /** The C library, as JNA binds it by name. */
  interface LibC extends Library {
    Mallinfo2 mallinfo2();
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  static long inUse() {
    Mallinfo2 info = Holder.LIBC.mallinfo2();
    return info.uordblks + info.hblkhd;
  }
}
