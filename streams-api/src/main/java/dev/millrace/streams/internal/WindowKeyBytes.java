package dev.millrace.streams.internal;

import java.nio.ByteBuffer;

/**
 * The byte layout of window and session store keys as the runtime's typed stores see them (the
 * record cache, pending writes and changelog all hold these bytes), version 1:
 *
 * <pre>
 * window key:  [int32 key length][key bytes][int64 window start ^ sign bit]
 * session key: [int32 key length][key bytes][int64 session end ^ sign bit][int64 start ^ sign bit]
 * </pre>
 *
 * All integers big-endian; flipping the sign bit makes unsigned byte order equal numeric order, so
 * one key's windows sort by start and its sessions by end, then start, and the length prefix keeps
 * a key from being a prefix of another key's entries.
 */
public final class WindowKeyBytes {
  private WindowKeyBytes() {}

  public static byte[] window(byte[] key, long start) {
    return ByteBuffer.allocate(4 + key.length + 8).putInt(key.length).put(key)
        .putLong(start ^ Long.MIN_VALUE).array();
  }

  public static byte[] session(byte[] key, long start, long end) {
    return ByteBuffer.allocate(4 + key.length + 16).putInt(key.length).put(key)
        .putLong(end ^ Long.MIN_VALUE).putLong(start ^ Long.MIN_VALUE).array();
  }

  /** The record key inside a window or session key. */
  public static byte[] key(byte[] composite) {
    int n = keyLength(composite);
    byte[] k = new byte[n];
    System.arraycopy(composite, 4, k, 0, n);
    return k;
  }

  public static long windowStart(byte[] composite) {
    return ByteBuffer.wrap(composite).getLong(4 + keyLength(composite)) ^ Long.MIN_VALUE;
  }

  public static long sessionEnd(byte[] composite) {
    return ByteBuffer.wrap(composite).getLong(4 + keyLength(composite)) ^ Long.MIN_VALUE;
  }

  public static long sessionStart(byte[] composite) {
    return ByteBuffer.wrap(composite).getLong(12 + keyLength(composite)) ^ Long.MIN_VALUE;
  }

  private static int keyLength(byte[] composite) {
    if (composite.length < 12) {
      throw new IllegalArgumentException("not a window or session store key: " + composite.length
          + " bytes");
    }
    int n = ByteBuffer.wrap(composite).getInt(0);
    if (n < 0 || n > composite.length - 12) {
      throw new IllegalArgumentException("not a window or session store key: key length " + n
          + " in " + composite.length + " bytes");
    }
    return n;
  }
}
