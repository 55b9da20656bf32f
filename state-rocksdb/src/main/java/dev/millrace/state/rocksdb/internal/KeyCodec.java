package dev.millrace.state.rocksdb.internal;

/**
 * Byte layouts of composite RocksDB keys. Timestamps are written big-endian with the sign bit
 * flipped, so unsigned byte order equals signed numeric order (negative timestamps sort first).
 *
 * <pre>
 * window entry   [record key: n bytes][window start: 8]
 * session entry  [record key: n bytes][session end: 8][session start: 8]
 * </pre>
 *
 * The record key comes first so that one key's windows (sessions) are adjacent and ordered by time
 * within a segment. Keys of different lengths can interleave (key {@code a}'s entries sit among
 * those of keys starting with {@code a}), so readers keep only entries of the exact length.
 */
final class KeyCodec {
  static final int TIMESTAMP_SIZE = Long.BYTES;

  private KeyCodec() {}

  static byte[] window(byte[] key, long windowStart) {
    byte[] out = new byte[key.length + TIMESTAMP_SIZE];
    System.arraycopy(key, 0, out, 0, key.length);
    putTimestamp(out, key.length, windowStart);
    return out;
  }

  static byte[] session(byte[] key, long end, long start) {
    byte[] out = new byte[key.length + 2 * TIMESTAMP_SIZE];
    System.arraycopy(key, 0, out, 0, key.length);
    putTimestamp(out, key.length, end);
    putTimestamp(out, key.length + TIMESTAMP_SIZE, start);
    return out;
  }

  static void putTimestamp(byte[] b, int offset, long timestamp) {
    long v = timestamp ^ Long.MIN_VALUE;
    for (int i = 7; i >= 0; i--) {
      b[offset + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long timestamp(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[offset + i] & 0xFF);
    }
    return v ^ Long.MIN_VALUE;
  }

  /** Plain big-endian, for metadata values. */
  static byte[] longBytes(long value) {
    byte[] out = new byte[8];
    for (int i = 7; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  static long longFromBytes(byte[] b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }
}
