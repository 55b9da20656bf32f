package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.Partitioner;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Helpers for tests that run {@link Streams} on an in-memory log. */
final class RuntimeFixture {
  private RuntimeFixture() {}

  /** Appends key/value pairs, partitioned by key hash like the default producer. */
  static <K, V> void produce(Log log, String topic, List<Map.Entry<K, V>> records,
      Serializer<K> ks, Serializer<V> vs, long timestamp) {
    int n = log.describeTopic(topic).partitions();
    Map<Integer, List<LogRecord>> byPartition = new TreeMap<>();
    for (Map.Entry<K, V> e : records) {
      byte[] k = ks.serialize(topic, e.getKey());
      int p = Partitioner.keyHashPartition(k, n);
      byPartition.computeIfAbsent(p, x -> new ArrayList<>())
          .add(LogRecord.of(k, vs.serialize(topic, e.getValue()), timestamp));
    }
    byPartition.forEach((p, recs) -> log.append(new TopicPartition(topic, p), recs));
  }

  /** Every record of a topic, all partitions, as the latest value per key. */
  static <K, V> Map<K, V> readAsTable(Log log, String topic, Deserializer<K> kd,
      Deserializer<V> vd) {
    Map<K, V> table = new HashMap<>();
    for (StoredRecord r : readAll(log, topic)) {
      K k = kd.deserialize(topic, r.key());
      V v = vd.deserialize(topic, r.value());
      if (v == null) {
        table.remove(k);
      } else {
        table.put(k, v);
      }
    }
    return table;
  }

  /** Every committed record of a topic ({@code read_committed}), partition by partition. */
  static List<StoredRecord> readAll(Log log, String topic) {
    List<StoredRecord> out = new ArrayList<>();
    int n = log.describeTopic(topic).partitions();
    for (int p = 0; p < n; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      long pos = log.beginningOffset(tp);
      while (true) {
        ReadResult r = log.read(tp, pos, 10_000, Integer.MAX_VALUE,
            IsolationLevel.READ_COMMITTED);
        if (r.nextOffset() == pos) {
          break;
        }
        out.addAll(r.records());
        pos = r.nextOffset();
      }
    }
    return out;
  }

  /**
   * Waits until the application has consumed and committed everything in the given topics: the
   * group's committed offsets equal the end offsets. A commit that produced new repartition
   * records leaves their topic behind, so this also waits for the cascade through repartition
   * topics to finish.
   */
  static void awaitCaughtUp(Log log, String applicationId, Set<String> topics, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<TopicPartition> tps = new ArrayList<>();
      for (String t : topics) {
        for (int p = 0; p < log.describeTopic(t).partitions(); p++) {
          tps.add(new TopicPartition(t, p));
        }
      }
      Map<TopicPartition, Long> committed = log.committedOffsets(applicationId, tps);
      boolean done = true;
      for (TopicPartition tp : tps) {
        long end = log.endOffset(tp);
        if (end > 0 && committed.getOrDefault(tp, 0L) < end) {
          done = false;
        }
      }
      if (done) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "application did not catch up with " + topics
          + " within " + timeout + "; committed " + committed);
      Thread.sleep(5);
    }
  }
}
