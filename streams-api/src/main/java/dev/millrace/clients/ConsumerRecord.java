package dev.millrace.clients;

import dev.millrace.log.Header;
import dev.millrace.log.TopicPartition;
import java.util.List;
import java.util.Objects;

/**
 * A record returned by {@link Consumer#poll}: where it was read, and its deserialized key and
 * value, shaped like Kafka's {@code ConsumerRecord}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConsumerRecord<K, V> {
  private final TopicPartition topicPartition;
  private final long offset;
  private final long timestamp;
  private final K key;
  private final V value;
  private final List<Header> headers;

  /**
   * @param headers never null; kept as given, so pass an immutable list
   * @throws IllegalArgumentException if {@code offset < 0}
   */
  public ConsumerRecord(TopicPartition topicPartition, long offset, long timestamp, K key,
      V value, List<Header> headers) {
    this.topicPartition = Objects.requireNonNull(topicPartition, "topicPartition");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
    this.headers = Objects.requireNonNull(headers, "headers");
  }

  public String topic() {
    return topicPartition.topic();
  }

  public int partition() {
    return topicPartition.partition();
  }

  public TopicPartition topicPartition() {
    return topicPartition;
  }

  public long offset() {
    return offset;
  }

  /** Milliseconds since the epoch, or {@link dev.millrace.log.LogRecord#NO_TIMESTAMP}. */
  public long timestamp() {
    return timestamp;
  }

  public K key() {
    return key;
  }

  public V value() {
    return value;
  }

  /** The headers, possibly empty. */
  public List<Header> headers() {
    return headers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumerRecord<?, ?> that
        && topicPartition.equals(that.topicPartition)
        && offset == that.offset
        && timestamp == that.timestamp
        && Objects.equals(key, that.key)
        && Objects.equals(value, that.value)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topicPartition, offset, timestamp, key, value, headers);
  }

  @Override
  public String toString() {
    return "ConsumerRecord{" + topicPartition + "@" + offset + ", timestamp=" + timestamp
        + ", key=" + key + ", value=" + value + ", headers=" + headers + '}';
  }
}
