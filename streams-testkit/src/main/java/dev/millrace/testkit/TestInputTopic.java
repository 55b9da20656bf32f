package dev.millrace.testkit;

import dev.millrace.log.Header;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Serializer;
import dev.millrace.streams.KeyValue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Pipes typed records into an input topic of a {@link TopologyTestDriver}; each pipe call
 * processes the records completely (through repartition topics too) and commits before returning.
 * Records without an explicit timestamp get the topic's current time, which starts at the driver's
 * initial wall-clock time and moves only by {@link #advanceTime(Duration)}.
 */
public final class TestInputTopic<K, V> {
  private final TopologyTestDriver driver;
  private final TopicPartition partition;
  private final Serializer<K> keySerializer;
  private final Serializer<V> valueSerializer;
  private long currentTime;

  TestInputTopic(TopologyTestDriver driver, String topic, Serializer<K> keySerializer,
      Serializer<V> valueSerializer, long startTime) {
    this.driver = driver;
    this.partition = new TopicPartition(topic, 0);
    this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
    this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    this.currentTime = startTime;
  }

  /** Moves this topic's time for later records without explicit timestamps. */
  public void advanceTime(Duration advance) {
    if (advance.isNegative()) {
      throw new IllegalArgumentException("advance must not be negative, got " + advance);
    }
    currentTime += advance.toMillis();
  }

  public void pipeInput(V value) {
    pipeInput(null, value, currentTime);
  }

  public void pipeInput(K key, V value) {
    pipeInput(key, value, currentTime);
  }

  /**
   * Pipes one record with the given timestamp (negative timestamps are allowed here, to test the
   * runtime's handling of them).
   */
  public void pipeInput(K key, V value, long timestampMs) {
    append(List.of(toLogRecord(key, value, timestampMs, List.of())));
  }

  /** Pipes one record with its timestamp and headers. */
  public void pipeInput(TestRecord<K, V> record) {
    Objects.requireNonNull(record, "record");
    append(List.of(toLogRecord(record.key(), record.value(), record.timestamp(),
        record.headers())));
  }

  /** Pipes the pairs as one batch, all with the topic's current time. */
  public void pipeKeyValueList(List<KeyValue<K, V>> records) {
    if (records.isEmpty()) {
      return;
    }
    append(records.stream()
        .map(kv -> toLogRecord(kv.key(), kv.value(), currentTime, List.of())).toList());
  }

  /** Pipes the records as one batch, each with its own timestamp and headers. */
  public void pipeRecordList(List<TestRecord<K, V>> records) {
    if (records.isEmpty()) {
      return;
    }
    append(records.stream()
        .map(r -> toLogRecord(r.key(), r.value(), r.timestamp(), r.headers())).toList());
  }

  /** Pipes raw bytes, e.g. to test undecodable input. */
  public void pipeRaw(byte[] key, byte[] value, long timestampMs) {
    append(List.of(new LogRecord(key, value, Math.max(timestampMs, -1), List.of())));
  }

  private LogRecord toLogRecord(K key, V value, long ts, List<Header> headers) {
    String topic = partition.topic();
    return new LogRecord(keySerializer.serialize(topic, key),
        valueSerializer.serialize(topic, value), Math.max(ts, LogRecord.NO_TIMESTAMP),
        headers == null ? List.of() : headers);
  }

  private void append(List<LogRecord> records) {
    driver.log().append(partition, records);
    driver.drain();
  }
}
