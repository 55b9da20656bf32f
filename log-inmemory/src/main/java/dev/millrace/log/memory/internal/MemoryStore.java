package dev.millrace.log.memory.internal;

import dev.millrace.log.LogClosedException;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicDescription;
import dev.millrace.log.TopicExistsException;
import dev.millrace.log.TopicNames;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.UnknownTopicOrPartitionException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything an in-memory log holds: topics, group offsets and transactional ids, plus the
 * checks shared by the log and its transactional writers (open, known partition, valid batch).
 */
public final class MemoryStore {
  private final ConcurrentHashMap<String, MemoryTopic> topics = new ConcurrentHashMap<>();
  private final GroupOffsets groups = new GroupOffsets();
  private final TransactionCoordinator coordinator = new TransactionCoordinator(this);
  private volatile boolean closed;

  public GroupOffsets groups() {
    return groups;
  }

  public TransactionCoordinator coordinator() {
    return coordinator;
  }

  /** @throws LogClosedException if the log was closed */
  public void ensureOpen() {
    if (closed) {
      throw new LogClosedException("the in-memory log is closed");
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /** Closes the store: later calls fail, waiters wake up and fail, the data is released. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (MemoryTopic t : topics.values()) {
      t.wakeAll();
    }
    topics.clear();
    groups.clear();
  }

  public void createTopic(String topic, TopicConfig config) {
    TopicNames.validate(topic);
    Objects.requireNonNull(config, "config");
    ensureOpen();
    MemoryTopic created = new MemoryTopic(topic, config);
    if (topics.putIfAbsent(topic, created) != null) {
      throw new TopicExistsException("topic '" + topic + "' already exists");
    }
  }

  public TopicDescription describeTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    ensureOpen();
    MemoryTopic t = topic(topic);
    return new TopicDescription(t.name(), t.config());
  }

  public Set<String> listTopics() {
    ensureOpen();
    return Collections.unmodifiableSortedSet(new TreeSet<>(topics.keySet()));
  }

  public void deleteTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    ensureOpen();
    MemoryTopic removed = topics.remove(topic);
    if (removed == null) {
      throw unknownTopic(topic);
    }
    removed.markDeleted();
    groups.removeTopic(topic);
  }

  private MemoryTopic topic(String topic) {
    MemoryTopic t = topics.get(topic);
    if (t == null) {
      throw unknownTopic(topic);
    }
    return t;
  }

  private static UnknownTopicOrPartitionException unknownTopic(String topic) {
    return new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist");
  }

  /**
   * The live partition for {@code tp}.
   *
   * @throws NullPointerException if {@code tp} is null
   * @throws UnknownTopicOrPartitionException if the topic or the partition number is unknown
   */
  public PartitionLog partition(TopicPartition tp) {
    Objects.requireNonNull(tp, "partition");
    ensureOpen();
    MemoryTopic t = topics.get(tp.topic());
    if (t == null) {
      throw new UnknownTopicOrPartitionException(
          tp + " does not exist: there is no topic '" + tp.topic() + "'");
    }
    if (tp.partition() >= t.partitionCount()) {
      throw new UnknownTopicOrPartitionException(tp + " does not exist: topic '" + tp.topic()
          + "' has " + t.partitionCount() + " partition(s), numbered 0.."
          + (t.partitionCount() - 1));
    }
    return t.partition(tp.partition());
  }

  /** True if {@code log} is still the live partition of its topic (not deleted, not recreated). */
  boolean isLive(PartitionLog log) {
    MemoryTopic t = topics.get(log.id().topic());
    return t != null && log.id().partition() < t.partitionCount()
        && t.partition(log.id().partition()) == log;
  }

  /**
   * Checks an append batch before anything is written, so that a bad batch writes nothing.
   *
   * @throws NullPointerException if the list or an element is null, naming the index
   * @throws IllegalArgumentException if the list is empty
   */
  public static void validateBatch(TopicPartition tp, List<LogRecord> records) {
    Objects.requireNonNull(records, "records");
    if (records.isEmpty()) {
      throw new IllegalArgumentException("records must not be empty (append to " + tp + ")");
    }
    int i = 0;
    for (LogRecord r : records) {
      if (r == null) {
        throw new NullPointerException("records[" + i + "] is null (append to " + tp + ")");
      }
      i++;
    }
  }

  /**
   * Checks a group's positions: non-empty group id, known partitions, non-negative offsets.
   *
   * @return the partition instance for each entry, in iteration order
   */
  public PartitionLog[] validateOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    validateGroupId(groupId);
    Objects.requireNonNull(offsets, "offsets");
    PartitionLog[] logs = new PartitionLog[offsets.size()];
    int i = 0;
    for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
      TopicPartition tp = Objects.requireNonNull(e.getKey(), "offsets contains a null partition");
      Long offset = e.getValue();
      if (offset == null) {
        throw new NullPointerException("offset for " + tp + " is null (group '" + groupId + "')");
      }
      if (offset < 0) {
        throw new IllegalArgumentException("offset for " + tp + " must be >= 0, got " + offset
            + " (group '" + groupId + "')");
      }
      logs[i++] = partition(tp);
    }
    return logs;
  }

  public static void validateGroupId(String groupId) {
    Objects.requireNonNull(groupId, "groupId");
    if (groupId.isEmpty()) {
      throw new IllegalArgumentException("groupId must not be empty");
    }
  }
}
