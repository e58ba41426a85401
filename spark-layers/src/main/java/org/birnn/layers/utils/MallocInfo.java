package org.birnn.layers.utils;

import java.util.OptionalLong;

/**
 * Bytes the C allocator has handed out and not taken back: where ND4J's array buffers and oneDNN's
 * scratch memory live, which neither the JVM's heap figures nor JavaCPP's {@code
 * Pointer.totalBytes()} see.
 *
 * <p>The figure is glibc's {@code mallinfo2()}: bytes in use in every arena plus blocks mapped on
 * their own. Unlike resident memory it does not move with pages the allocator keeps cached or gives
 * back, so a loop that frees what it allocates reads the same before and after: a soak test or an
 * operator can watch it for leaks. It needs glibc 2.33 or newer and JNA on the class path (an
 * optional dependency); elsewhere {@link #inUseBytes()} is empty.
 */
public final class MallocInfo {
  private MallocInfo() {}

  /**
   * Bytes allocated through {@code malloc} and not yet freed, across all threads, or empty where
   * glibc's {@code mallinfo2} or JNA is missing.
   */
  public static OptionalLong inUseBytes() {
    return AVAILABLE ? OptionalLong.of(GlibcMalloc.inUse()) : OptionalLong.empty();
  }

  private static final boolean AVAILABLE = probe();

  private static boolean probe() {
    try {
      Class.forName("com.sun.jna.Native", false, MallocInfo.class.getClassLoader());
      GlibcMalloc.inUse();
      return true;
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      // No JNA, no libc by that name (macOS, Windows), or a libc without mallinfo2 (musl, glibc
      // before 2.33): there is no figure to give.
      return false;
    }
  }
}
