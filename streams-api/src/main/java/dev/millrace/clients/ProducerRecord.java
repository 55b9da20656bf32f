package dev.millrace.clients;

import dev.millrace.log.Header;
import java.util.List;
import java.util.Objects;

/**
 * A record to {@link Producer#send send}: topic, optional partition, optional timestamp, key,
 * value and headers, shaped like Kafka's {@code ProducerRecord}.
 *
 * <p>Without a partition, the producer's {@link Partitioner} chooses one; without a timestamp, the
 * producer stamps the record with the current time when it is sent.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ProducerRecord<K, V> {
  private final String topic;
  private final Integer partition;
  private final Long timestamp;
  private final K key;
  private final V value;
  private final List<Header> headers;

  /**
   * @param topic never null or empty
   * @param partition the partition to write to, or null to let the partitioner choose
   * @param timestamp milliseconds since the epoch, or null for the time of sending
   * @param key may be null
   * @param value may be null (a tombstone on compacted topics)
   * @param headers may be null (none); copied
   * @throws IllegalArgumentException if the topic is empty, or partition or timestamp negative
   */
  public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value,
      List<Header> headers) {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
    if (partition != null && partition < 0) {
      throw new IllegalArgumentException(
          "partition must be >= 0, got " + partition + " for topic '" + topic + "'");
    }
    if (timestamp != null && timestamp < 0) {
      throw new IllegalArgumentException(
          "timestamp must be >= 0, got " + timestamp + " for topic '" + topic + "'");
    }
    this.topic = topic;
    this.partition = partition;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
    this.headers = headers == null || headers.isEmpty() ? List.of() : List.copyOf(headers);
  }

  /** A record for an explicit partition, stamped when sent. */
  public ProducerRecord(String topic, Integer partition, K key, V value) {
    this(topic, partition, null, key, value, null);
  }

  /** A keyed record; the partitioner chooses its partition from the key. */
  public ProducerRecord(String topic, K key, V value) {
    this(topic, null, null, key, value, null);
  }

  /** A record without key; the partitioner spreads such records over the partitions. */
  public ProducerRecord(String topic, V value) {
    this(topic, null, null, null, value, null);
  }

  public String topic() {
    return topic;
  }

  /** The requested partition, or null to let the partitioner choose. */
  public Integer partition() {
    return partition;
  }

  /** The requested timestamp, or null for the time of sending. */
  public Long timestamp() {
    return timestamp;
  }

  public K key() {
    return key;
  }

  public V value() {
    return value;
  }

  /** The headers, immutable, possibly empty. */
  public List<Header> headers() {
    return headers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProducerRecord<?, ?> that
        && topic.equals(that.topic)
        && Objects.equals(partition, that.partition)
        && Objects.equals(timestamp, that.timestamp)
        && Objects.equals(key, that.key)
        && Objects.equals(value, that.value)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, timestamp, key, value, headers);
  }

  @Override
  public String toString() {
    return "ProducerRecord{topic=" + topic + ", partition=" + partition + ", timestamp="
        + timestamp + ", key=" + key + ", value=" + value + ", headers=" + headers + '}';
  }
}
