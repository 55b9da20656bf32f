package dev.millrace.log;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record as handed to {@link Log#append}: key and value bytes, a timestamp and headers, but no
 * offset yet (the log assigns it; see {@link StoredRecord}).
 *
 * <p>Byte arrays are not copied, so that the hot path does not pay for a copy per record: the log
 * owns them from the moment of the append, and the caller must not modify them afterwards.
 */
public final class LogRecord {
  /** Timestamp of a record that has none, as in Kafka. */
  public static final long NO_TIMESTAMP = -1L;
  /** Fixed per-record cost, in bytes, counted by {@link #sizeInBytes()} beyond key and value. */
  public static final int OVERHEAD_BYTES = 24;

  private final byte[] key;
  private final byte[] value;
  private final long timestamp;
  private final List<Header> headers;

  /**
   * @param key the key bytes, or null (no key)
   * @param value the value bytes, or null (a tombstone on compacted topics)
   * @param timestamp milliseconds since the epoch, or {@link #NO_TIMESTAMP}
   * @param headers never null; copied into an immutable list
   * @throws IllegalArgumentException if {@code timestamp < -1}
   */
  public LogRecord(byte[] key, byte[] value, long timestamp, List<Header> headers) {
    if (timestamp < NO_TIMESTAMP) {
      throw new IllegalArgumentException(
          "timestamp must be >= 0, or -1 for none; got " + timestamp);
    }
    this.key = key;
    this.value = value;
    this.timestamp = timestamp;
    this.headers = headers.isEmpty() ? List.of() : List.copyOf(headers);
  }

  /** A record without headers. */
  public static LogRecord of(byte[] key, byte[] value, long timestamp) {
    return new LogRecord(key, value, timestamp, List.of());
  }

  /** The key bytes, or null. */
  public byte[] key() {
    return key;
  }

  /** The value bytes, or null for a tombstone. */
  public byte[] value() {
    return value;
  }

  /** Milliseconds since the epoch, or {@link #NO_TIMESTAMP}. */
  public long timestamp() {
    return timestamp;
  }

  /** The headers, immutable, possibly empty. */
  public List<Header> headers() {
    return headers;
  }

  /**
   * The size this record counts for against byte limits: key and value and header bytes plus a
   * fixed {@link #OVERHEAD_BYTES}. Every log uses this same measure, so limits mean the same
   * everywhere.
   */
  public int sizeInBytes() {
    return sizeInBytes(key, value, headers);
  }

  static int sizeInBytes(byte[] key, byte[] value, List<Header> headers) {
    int size = OVERHEAD_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    for (Header h : headers) {
      size += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogRecord that
        && timestamp == that.timestamp
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), timestamp, headers);
  }

  @Override
  public String toString() {
    return "LogRecord{key=" + describe(key) + ", value=" + describe(value)
        + ", timestamp=" + timestamp + ", headers=" + headers + '}';
  }

  static String describe(byte[] bytes) {
    return bytes == null ? "null" : bytes.length + " bytes";
  }
}
