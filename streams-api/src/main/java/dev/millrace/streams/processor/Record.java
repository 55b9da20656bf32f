package dev.millrace.streams.processor;

import dev.millrace.log.Header;
import java.util.List;
import java.util.Objects;

/**
 * A typed record flowing through a topology: key, value, timestamp (ms) and headers. Immutable;
 * the {@code with...} methods return modified copies.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Record<K, V> {
  private final K key;
  private final V value;
  private final long timestamp;
  private final List<Header> headers;

  /**
   * @param headers copied into an immutable list unless already immutable (as the headers of
   *     records read from a log are), so passing them on costs nothing
   * @throws IllegalArgumentException if {@code timestamp < 0}
   * @throws NullPointerException if {@code headers} or one of its elements is null
   */
  public Record(K key, V value, long timestamp, List<Header> headers) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("record timestamp must be >= 0, got " + timestamp);
    }
    this.key = key;
    this.value = value;
    this.timestamp = timestamp;
    // operators keep headers by reference (cache entries, buffers): they must not change later
    this.headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** A record without headers. */
  public Record(K key, V value, long timestamp) {
    this(key, value, timestamp, List.of());
  }

  public K key() {
    return key;
  }

  public V value() {
    return value;
  }

  public long timestamp() {
    return timestamp;
  }

  /** The headers, immutable. */
  public List<Header> headers() {
    return headers;
  }

  public <NK> Record<NK, V> withKey(NK key) {
    return new Record<>(key, value, timestamp, headers);
  }

  public <NV> Record<K, NV> withValue(NV value) {
    return new Record<>(key, value, timestamp, headers);
  }

  public Record<K, V> withTimestamp(long timestamp) {
    return new Record<>(key, value, timestamp, headers);
  }

  public Record<K, V> withHeaders(List<Header> headers) {
    return new Record<>(key, value, timestamp, headers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Record<?, ?> that
        && timestamp == that.timestamp
        && Objects.equals(key, that.key)
        && Objects.equals(value, that.value)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value, timestamp, headers);
  }

  @Override
  public String toString() {
    return "Record{key=" + key + ", value=" + value + ", timestamp=" + timestamp + '}';
  }
}
