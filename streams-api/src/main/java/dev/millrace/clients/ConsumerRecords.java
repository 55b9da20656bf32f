package dev.millrace.clients;

import dev.millrace.log.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@link Consumer#poll} returned: records grouped by partition, each partition's in offset
 * order. Iterating visits the partitions in turn. Immutable.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
  private static final ConsumerRecords<?, ?> EMPTY = new ConsumerRecords<>(Map.of());

  private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records;
  private final int count;

  /**
   * @param records per partition, in offset order; copied, keeping the map's iteration order
   */
  public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> records) {
    Map<TopicPartition, List<ConsumerRecord<K, V>>> copy = new LinkedHashMap<>();
    int n = 0;
    for (Map.Entry<TopicPartition, List<ConsumerRecord<K, V>>> e : records.entrySet()) {
      if (!e.getValue().isEmpty()) {
        copy.put(e.getKey(), List.copyOf(e.getValue()));
        n += e.getValue().size();
      }
    }
    this.records = Collections.unmodifiableMap(copy);
    this.count = n;
  }

  /** No records. */
  @SuppressWarnings("unchecked")
  public static <K, V> ConsumerRecords<K, V> empty() {
    return (ConsumerRecords<K, V>) EMPTY;
  }

  /** The records of one partition, in offset order; empty if it had none. */
  public List<ConsumerRecord<K, V>> records(TopicPartition partition) {
    return records.getOrDefault(partition, List.of());
  }

  /** The records of every partition of one topic. */
  public List<ConsumerRecord<K, V>> records(String topic) {
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    for (Map.Entry<TopicPartition, List<ConsumerRecord<K, V>>> e : records.entrySet()) {
      if (e.getKey().topic().equals(topic)) {
        out.addAll(e.getValue());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The partitions that have records here. */
  public Set<TopicPartition> partitions() {
    return records.keySet();
  }

  /** Number of records. */
  public int count() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public Iterator<ConsumerRecord<K, V>> iterator() {
    return records.values().stream().flatMap(List::stream).iterator();
  }

  @Override
  public String toString() {
    return "ConsumerRecords{count=" + count + ", partitions=" + records.keySet() + '}';
  }
}
