package dev.millrace.log;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record as read back from a partition: the appended key, value, timestamp and headers, plus
 * the offset the log gave it. Byte arrays are shared, not copied: treat them as read-only.
 */
public final class StoredRecord {
  private final long offset;
  private final byte[] key;
  private final byte[] value;
  private final long timestamp;
  private final List<Header> headers;

  /**
   * @throws IllegalArgumentException if {@code offset < 0}
   */
  public StoredRecord(long offset, byte[] key, byte[] value, long timestamp,
      List<Header> headers) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    this.offset = offset;
    this.key = key;
    this.value = value;
    this.timestamp = timestamp;
    this.headers = Objects.requireNonNull(headers, "headers");
  }

  /** The stored form of {@code record} at {@code offset}, sharing its arrays. */
  public static StoredRecord at(long offset, LogRecord record) {
    return new StoredRecord(offset, record.key(), record.value(), record.timestamp(),
        record.headers());
  }

  /** The record's position in its partition. */
  public long offset() {
    return offset;
  }

  /** The key bytes, or null. */
  public byte[] key() {
    return key;
  }

  /** The value bytes, or null for a tombstone. */
  public byte[] value() {
    return value;
  }

  /** Milliseconds since the epoch, or {@link LogRecord#NO_TIMESTAMP}. */
  public long timestamp() {
    return timestamp;
  }

  /** The headers, immutable, possibly empty. */
  public List<Header> headers() {
    return headers;
  }

  /** Size counted against read byte limits; same measure as {@link LogRecord#sizeInBytes()}. */
  public int sizeInBytes() {
    return LogRecord.sizeInBytes(key, value, headers);
  }

  /** This record without its offset, as it was appended. */
  public LogRecord toLogRecord() {
    return new LogRecord(key, value, timestamp, headers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredRecord that
        && offset == that.offset
        && timestamp == that.timestamp
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(offset, Arrays.hashCode(key), Arrays.hashCode(value), timestamp, headers);
  }

  @Override
  public String toString() {
    return "StoredRecord{offset=" + offset + ", key=" + LogRecord.describe(key)
        + ", value=" + LogRecord.describe(value) + ", timestamp=" + timestamp
        + ", headers=" + headers + '}';
  }
}
