package dev.millrace.testkit;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Deserializer;
import dev.millrace.streams.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads typed records from an output topic of a {@link TopologyTestDriver}, each record once, in
 * partition order then offset order; only committed records ({@code read_committed}).
 */
public final class TestOutputTopic<K, V> {
  private final Log log;
  private final String topic;
  private final Deserializer<K> keyDeserializer;
  private final Deserializer<V> valueDeserializer;
  private final long[] positions;

  TestOutputTopic(Log log, String topic, Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer) {
    this.log = log;
    this.topic = topic;
    this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
    this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
    this.positions = new long[log.describeTopic(topic).partitions()];
  }

  /** The next record. @throws NoSuchElementException if none is left */
  public TestRecord<K, V> readRecord() {
    for (int p = 0; p < positions.length; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      ReadResult r = log.read(tp, positions[p], 1, Integer.MAX_VALUE,
          IsolationLevel.READ_COMMITTED);
      if (!r.records().isEmpty()) {
        StoredRecord s = r.records().get(0);
        positions[p] = s.offset() + 1;
        return toTestRecord(s);
      }
      positions[p] = r.nextOffset();
    }
    throw new NoSuchElementException("no more records in output topic '" + topic + "'");
  }

  public V readValue() {
    return readRecord().value();
  }

  public KeyValue<K, V> readKeyValue() {
    TestRecord<K, V> r = readRecord();
    return new KeyValue<>(r.key(), r.value());
  }

  /** Every record not read yet, in batches rather than one by one. */
  public List<TestRecord<K, V>> readRecordsToList() {
    List<TestRecord<K, V>> out = new ArrayList<>();
    for (int p = 0; p < positions.length; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      while (true) {
        ReadResult r = log.read(tp, positions[p], 10_000, Integer.MAX_VALUE,
            IsolationLevel.READ_COMMITTED);
        if (r.nextOffset() == positions[p]) {
          break;
        }
        for (StoredRecord s : r.records()) {
          out.add(toTestRecord(s));
        }
        positions[p] = r.nextOffset();
      }
    }
    return out;
  }

  private TestRecord<K, V> toTestRecord(StoredRecord s) {
    return new TestRecord<>(keyDeserializer.deserialize(topic, s.key()),
        valueDeserializer.deserialize(topic, s.value()), s.timestamp(), s.headers());
  }

  public List<V> readValuesToList() {
    return readRecordsToList().stream().map(TestRecord::value).toList();
  }

  public List<KeyValue<K, V>> readKeyValuesToList() {
    return readRecordsToList().stream().map(r -> new KeyValue<>(r.key(), r.value())).toList();
  }

  /**
   * Reads everything left as a table: the last value per key wins, and a null value (tombstone)
   * removes its key.
   */
  public Map<K, V> readKeyValuesToMap() {
    Map<K, V> map = new LinkedHashMap<>();
    for (TestRecord<K, V> r : readRecordsToList()) {
      if (r.value() == null) {
        map.remove(r.key());
      } else {
        map.put(r.key(), r.value());
      }
    }
    return map;
  }

  /** Number of records not read yet. */
  public long getQueueSize() {
    long n = 0;
    for (int p = 0; p < positions.length; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      long pos = Math.max(positions[p], log.beginningOffset(tp));
      while (true) {
        ReadResult r = log.read(tp, pos, 10_000, Integer.MAX_VALUE,
            IsolationLevel.READ_COMMITTED);
        if (r.nextOffset() == pos) {
          break;
        }
        n += r.records().size();
        pos = r.nextOffset();
      }
    }
    return n;
  }

  public boolean isEmpty() {
    return getQueueSize() == 0;
  }
}
