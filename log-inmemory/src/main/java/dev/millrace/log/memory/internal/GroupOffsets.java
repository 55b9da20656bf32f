package dev.millrace.log.memory.internal;

import dev.millrace.log.TopicPartition;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Committed consumer-group positions. One monitor guards it, and a transaction's status flips
 * under that same monitor as its offsets land, so whoever sees the offsets also sees the
 * committed records, and vice versa. Group operations are rare next to appends, so the monitor
 * costs nothing on the hot path.
 */
public final class GroupOffsets {
  private final Map<String, Map<TopicPartition, Long>> groups = new HashMap<>();

  public synchronized void commit(String groupId, Map<TopicPartition, Long> offsets) {
    groups.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(offsets);
  }

  public synchronized Map<TopicPartition, Long> fetch(String groupId,
      Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> group = groups.get(groupId);
    Map<TopicPartition, Long> result = new LinkedHashMap<>();
    if (group != null) {
      for (TopicPartition tp : partitions) {
        Long offset = group.get(tp);
        if (offset != null) {
          result.put(tp, offset);
        }
      }
    }
    return Collections.unmodifiableMap(result);
  }

  synchronized void removeTopic(String topic) {
    for (Map<TopicPartition, Long> group : groups.values()) {
      group.keySet().removeIf(tp -> tp.topic().equals(topic));
    }
  }

  /**
   * Marks {@code transaction} committed and stores its offsets in one step. Offsets for partitions
   * deleted since they were added are dropped with their topic.
   */
  synchronized void commitTransaction(Transaction transaction, MemoryStore store) {
    transaction.decide(Transaction.Status.COMMITTED);
    for (Map.Entry<String, Map<TopicPartition, Transaction.PendingOffset>> g
        : transaction.offsets().entrySet()) {
      Map<TopicPartition, Long> group = null;
      for (Map.Entry<TopicPartition, Transaction.PendingOffset> e : g.getValue().entrySet()) {
        if (store.isLive(e.getValue().partition())) {
          if (group == null) {
            group = groups.computeIfAbsent(g.getKey(), k -> new HashMap<>());
          }
          group.put(e.getKey(), e.getValue().offset());
        }
      }
    }
  }

  synchronized void clear() {
    groups.clear();
  }
}
