package dev.millrace.clients.internal;

import dev.millrace.clients.AutoOffsetReset;
import dev.millrace.clients.Consumer;
import dev.millrace.clients.ConsumerConfig;
import dev.millrace.clients.ConsumerRecord;
import dev.millrace.clients.ConsumerRecords;
import dev.millrace.clients.InterruptException;
import dev.millrace.clients.NoOffsetForPartitionException;
import dev.millrace.clients.RecordDeserializationException;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.OffsetOutOfRangeException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.UnknownTopicOrPartitionException;
import dev.millrace.serialization.Deserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Consumer} over a {@link Log}: one position per assigned partition, bounded reads in
 * rotating partition order, and {@link Log#awaitReadable} to wait when nothing is readable.
 */
public final class LogConsumer<K, V> implements Consumer<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(LogConsumer.class);
  /** How often a poll looks again for subscribed topics that do not exist yet. */
  private static final long MISSING_TOPIC_RETRY_NANOS = Duration.ofMillis(100).toNanos();
  private static final long NO_POSITION = -1L;

  private final Log log;
  private final Deserializer<K> keyDeserializer;
  private final Deserializer<V> valueDeserializer;
  private final String groupId;
  private final String clientId;
  private final AutoOffsetReset autoOffsetReset;
  private final IsolationLevel isolation;
  private final int maxPollRecords;
  private final int maxPartitionFetchBytes;
  private final boolean autoCommit;
  private final long autoCommitIntervalNanos;

  /** Assigned partitions and their positions ({@link #NO_POSITION} until found). */
  private final TreeMap<TopicPartition, long[]> assigned = new TreeMap<>();
  private final Set<String> subscription = new TreeSet<>();
  private final Set<String> resolvedTopics = new HashSet<>();
  private final Map<TopicPartition, Long> lastAutoCommitted = new HashMap<>();
  private boolean manualAssignment;
  /** The next fetch starts after this partition, so that no partition starves the others. */
  private TopicPartition fetchCursor;
  private long nextAutoCommitNanos;
  private boolean closed;

  public LogConsumer(Log log, ConsumerConfig config, Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer) {
    this.log = Objects.requireNonNull(log, "log");
    this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
    this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
    this.groupId = config.groupId().orElse(null);
    this.clientId = config.clientId();
    this.autoOffsetReset = config.autoOffsetReset();
    this.isolation = config.isolationLevel();
    this.maxPollRecords = config.maxPollRecords();
    this.maxPartitionFetchBytes = config.maxPartitionFetchBytes();
    this.autoCommit = config.enableAutoCommit();
    this.autoCommitIntervalNanos = config.autoCommitInterval().toNanos();
    this.nextAutoCommitNanos = System.nanoTime() + autoCommitIntervalNanos;
  }

  // ---------------------------------------------------------------- assignment

  @Override
  public void subscribe(Collection<String> topics) {
    ensureOpen();
    Objects.requireNonNull(topics, "topics");
    if (manualAssignment) {
      throw new IllegalStateException("consumer '" + clientId + "' has manually assigned "
          + assigned.keySet() + "; subscribe() and assign() are mutually exclusive: call"
          + " unsubscribe() first");
    }
    if (topics.isEmpty()) {
      unsubscribe();
      return;
    }
    Set<String> wanted = new TreeSet<>();
    for (String topic : topics) {
      Objects.requireNonNull(topic, "topic in subscription");
      if (topic.isBlank()) {
        throw new IllegalArgumentException("cannot subscribe to a blank topic name");
      }
      wanted.add(topic);
    }
    subscription.clear();
    subscription.addAll(wanted);
    resolvedTopics.retainAll(wanted);
    assigned.keySet().removeIf(tp -> !wanted.contains(tp.topic()));
    resolveSubscription();
  }

  @Override
  public void assign(Collection<TopicPartition> partitions) {
    ensureOpen();
    Objects.requireNonNull(partitions, "partitions");
    if (!subscription.isEmpty()) {
      throw new IllegalStateException("consumer '" + clientId + "' is subscribed to "
          + subscription + "; subscribe() and assign() are mutually exclusive: call"
          + " unsubscribe() first");
    }
    if (partitions.isEmpty()) {
      unsubscribe();
      return;
    }
    Set<TopicPartition> wanted = new LinkedHashSet<>();
    Map<String, Integer> counts = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Objects.requireNonNull(tp, "partition in assignment");
      int count = counts.computeIfAbsent(tp.topic(), t -> log.describeTopic(t).partitions());
      if (tp.partition() >= count) {
        throw new UnknownTopicOrPartitionException("cannot assign " + tp + ": topic '"
            + tp.topic() + "' has " + count + " partitions (0.." + (count - 1) + ")");
      }
      wanted.add(tp);
    }
    assigned.keySet().retainAll(wanted);
    for (TopicPartition tp : wanted) {
      assigned.computeIfAbsent(tp, t -> new long[] {NO_POSITION});
    }
    manualAssignment = true;
  }

  @Override
  public void unsubscribe() {
    ensureOpen();
    if (autoCommit) {
      commitChangedPositions();
    }
    assigned.clear();
    subscription.clear();
    resolvedTopics.clear();
    manualAssignment = false;
    fetchCursor = null;
  }

  @Override
  public Set<TopicPartition> assignment() {
    ensureOpen();
    return Collections.unmodifiableSet(new TreeSet<>(assigned.keySet()));
  }

  @Override
  public Set<String> subscription() {
    ensureOpen();
    return Collections.unmodifiableSet(new TreeSet<>(subscription));
  }

  // ---------------------------------------------------------------- polling

  @Override
  public ConsumerRecords<K, V> poll(Duration timeout) {
    ensureOpen();
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("poll timeout must not be negative, got " + timeout);
    }
    if (subscription.isEmpty() && assigned.isEmpty()) {
      throw new IllegalStateException("consumer '" + clientId
          + "' is neither subscribed to topics nor assigned partitions");
    }
    long start = System.nanoTime();
    long timeoutNanos = saturatedNanos(timeout);
    maybeAutoCommit(start);
    while (true) {
      resolveSubscription();
      findMissingPositions(assigned.keySet());
      ConsumerRecords<K, V> records = fetch();
      if (!records.isEmpty()) {
        return records;
      }
      long remaining = timeoutNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return records;
      }
      if (assigned.isEmpty()) {
        sleepNanos(Math.min(remaining, MISSING_TOPIC_RETRY_NANOS));
      } else {
        log.awaitReadable(positions(), isolation, Duration.ofNanos(remaining));
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptException("consumer '" + clientId + "' was interrupted in poll()");
        }
      }
    }
  }

  private ConsumerRecords<K, V> fetch() {
    if (assigned.isEmpty()) {
      return ConsumerRecords.empty();
    }
    List<Map.Entry<TopicPartition, long[]>> order = new ArrayList<>(assigned.size());
    if (fetchCursor != null) {
      order.addAll(assigned.tailMap(fetchCursor, false).entrySet());
      order.addAll(assigned.headMap(fetchCursor, true).entrySet());
    } else {
      order.addAll(assigned.entrySet());
    }
    Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
    int budget = maxPollRecords;
    for (Map.Entry<TopicPartition, long[]> entry : order) {
      if (budget == 0) {
        break;
      }
      TopicPartition tp = entry.getKey();
      long[] position = entry.getValue();
      ReadResult result;
      try {
        result = read(tp, position, budget);
      } catch (RuntimeException e) {
        if (out.isEmpty()) {
          throw e;
        }
        // Positions of the partitions read so far have moved: return their records first, and
        // let the next poll start at the failing partition and report the error there.
        fetchCursor = assigned.lowerKey(tp);
        return new ConsumerRecords<>(out);
      }
      if (result == null) {
        continue;
      }
      List<StoredRecord> stored = result.records();
      List<ConsumerRecord<K, V>> records = new ArrayList<>(stored.size());
      for (StoredRecord s : stored) {
        K key;
        V value;
        try {
          key = keyDeserializer.deserialize(tp.topic(), s.key());
        } catch (RuntimeException e) {
          return stopAtBadRecord(out, tp, records, position, s.offset(), "key", e);
        }
        try {
          value = valueDeserializer.deserialize(tp.topic(), s.value());
        } catch (RuntimeException e) {
          return stopAtBadRecord(out, tp, records, position, s.offset(), "value", e);
        }
        records.add(new ConsumerRecord<>(tp, s.offset(), s.timestamp(), key, value,
            s.headers()));
      }
      position[0] = result.nextOffset();
      if (!records.isEmpty()) {
        out.put(tp, records);
        budget -= records.size();
        fetchCursor = tp;
      }
    }
    return out.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords<>(out);
  }

  /**
   * Reads from the partition's position; returns null if nothing is readable there. A read that
   * returns nothing but moves forward (over aborted records or markers) is followed by another, so
   * that data behind such a stretch is not mistaken for the end.
   */
  private ReadResult read(TopicPartition tp, long[] position, int maxRecords) {
    while (true) {
      ReadResult result;
      try {
        result = log.read(tp, position[0], maxRecords, maxPartitionFetchBytes, isolation);
      } catch (OffsetOutOfRangeException e) {
        if (autoOffsetReset == AutoOffsetReset.NONE) {
          throw e;
        }
        long reset = resetOffset(tp);
        LOG.warn("consumer {}: position {} of {} is out of range ({}); auto.offset.reset={}"
            + " moves it to {}", clientId, position[0], tp, e.getMessage(), autoOffsetReset, reset);
        position[0] = reset;
        continue;
      }
      if (!result.isEmpty()) {
        return result;
      }
      if (result.nextOffset() == position[0]) {
        return null;
      }
      position[0] = result.nextOffset();
    }
  }

  /**
   * Leaves the position at the bad record; returns what was read before it, or throws if nothing
   * was, so that the error surfaces on the first poll that reaches the record.
   */
  private ConsumerRecords<K, V> stopAtBadRecord(Map<TopicPartition, List<ConsumerRecord<K, V>>> out,
      TopicPartition tp, List<ConsumerRecord<K, V>> before, long[] position, long badOffset,
      String what, RuntimeException cause) {
    position[0] = badOffset;
    if (!before.isEmpty()) {
      out.put(tp, before);
    }
    if (out.isEmpty()) {
      throw new RecordDeserializationException(tp, badOffset, what, cause);
    }
    // The next poll starts at the bad partition, so that the error surfaces there and then.
    fetchCursor = assigned.lowerKey(tp);
    return new ConsumerRecords<>(out);
  }

  // ---------------------------------------------------------------- positions

  @Override
  public void seek(TopicPartition partition, long offset) {
    ensureOpen();
    if (offset < 0) {
      throw new IllegalArgumentException("cannot seek " + partition + " to negative offset "
          + offset);
    }
    positionOf(partition, "seek")[0] = offset;
  }

  @Override
  public void seekToBeginning(Collection<TopicPartition> partitions) {
    ensureOpen();
    for (TopicPartition tp : targets(partitions, "seekToBeginning")) {
      assigned.get(tp)[0] = log.beginningOffset(tp);
    }
  }

  @Override
  public void seekToEnd(Collection<TopicPartition> partitions) {
    ensureOpen();
    for (TopicPartition tp : targets(partitions, "seekToEnd")) {
      assigned.get(tp)[0] = endOffset(tp);
    }
  }

  @Override
  public long position(TopicPartition partition) {
    ensureOpen();
    long[] position = positionOf(partition, "position");
    if (position[0] == NO_POSITION) {
      findMissingPositions(List.of(partition));
    }
    return position[0];
  }

  // ---------------------------------------------------------------- commits

  @Override
  public void commitSync() {
    ensureOpen();
    requireGroup("commitSync()");
    Map<TopicPartition, Long> offsets = positions();
    if (!offsets.isEmpty()) {
      log.commitOffsets(groupId, offsets);
      lastAutoCommitted.putAll(offsets);
    }
  }

  @Override
  public void commitSync(Map<TopicPartition, Long> offsets) {
    ensureOpen();
    Objects.requireNonNull(offsets, "offsets");
    requireGroup("commitSync(offsets)");
    if (!offsets.isEmpty()) {
      log.commitOffsets(groupId, offsets);
      lastAutoCommitted.putAll(offsets);
    }
  }

  @Override
  public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
    ensureOpen();
    Objects.requireNonNull(partitions, "partitions");
    requireGroup("committed()");
    return log.committedOffsets(groupId, partitions);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (autoCommit) {
        commitChangedPositions();
      }
    } catch (RuntimeException e) {
      LOG.warn("consumer {}: auto commit on close failed for group '{}'; the group will"
          + " re-consume from its previous commit", clientId, groupId, e);
    } finally {
      closed = true;
      assigned.clear();
      subscription.clear();
    }
  }

  // ---------------------------------------------------------------- internals

  private void resolveSubscription() {
    if (resolvedTopics.size() == subscription.size()) {
      return;
    }
    for (String topic : subscription) {
      if (resolvedTopics.contains(topic)) {
        continue;
      }
      int count;
      try {
        count = log.describeTopic(topic).partitions();
      } catch (UnknownTopicOrPartitionException e) {
        continue;
      }
      for (int p = 0; p < count; p++) {
        assigned.computeIfAbsent(new TopicPartition(topic, p), t -> new long[] {NO_POSITION});
      }
      resolvedTopics.add(topic);
    }
  }

  private void findMissingPositions(Collection<TopicPartition> partitions) {
    List<TopicPartition> missing = null;
    for (TopicPartition tp : partitions) {
      if (assigned.get(tp)[0] == NO_POSITION) {
        if (missing == null) {
          missing = new ArrayList<>();
        }
        missing.add(tp);
      }
    }
    if (missing == null) {
      return;
    }
    if (groupId != null) {
      for (Map.Entry<TopicPartition, Long> e : log.committedOffsets(groupId, missing).entrySet()) {
        assigned.get(e.getKey())[0] = e.getValue();
      }
      missing.removeIf(tp -> assigned.get(tp)[0] != NO_POSITION);
    }
    if (missing.isEmpty()) {
      return;
    }
    if (autoOffsetReset == AutoOffsetReset.NONE) {
      throw new NoOffsetForPartitionException(new HashSet<>(missing), groupId);
    }
    for (TopicPartition tp : missing) {
      assigned.get(tp)[0] = resetOffset(tp);
    }
  }

  private long resetOffset(TopicPartition tp) {
    return autoOffsetReset == AutoOffsetReset.EARLIEST ? log.beginningOffset(tp) : endOffset(tp);
  }

  private long endOffset(TopicPartition tp) {
    return isolation == IsolationLevel.READ_COMMITTED ? log.lastStableOffset(tp)
        : log.endOffset(tp);
  }

  /** The known positions of all assigned partitions. */
  private Map<TopicPartition, Long> positions() {
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (Map.Entry<TopicPartition, long[]> e : assigned.entrySet()) {
      if (e.getValue()[0] != NO_POSITION) {
        positions.put(e.getKey(), e.getValue()[0]);
      }
    }
    return positions;
  }

  private void maybeAutoCommit(long now) {
    if (autoCommit && now - nextAutoCommitNanos >= 0) {
      commitChangedPositions();
      nextAutoCommitNanos = now + autoCommitIntervalNanos;
    }
  }

  private void commitChangedPositions() {
    Map<TopicPartition, Long> changed = positions();
    changed.entrySet().removeIf(e -> e.getValue().equals(lastAutoCommitted.get(e.getKey())));
    if (!changed.isEmpty()) {
      log.commitOffsets(groupId, changed);
      lastAutoCommitted.putAll(changed);
    }
  }

  private long[] positionOf(TopicPartition partition, String call) {
    Objects.requireNonNull(partition, "partition");
    long[] position = assigned.get(partition);
    if (position == null) {
      throw new IllegalStateException(call + "(" + partition + "): the partition is not assigned"
          + " to consumer '" + clientId + "'; assigned: " + assigned.keySet());
    }
    return position;
  }

  private Collection<TopicPartition> targets(Collection<TopicPartition> partitions, String call) {
    Objects.requireNonNull(partitions, "partitions");
    if (partitions.isEmpty()) {
      return new ArrayList<>(assigned.keySet());
    }
    for (TopicPartition tp : partitions) {
      positionOf(tp, call);
    }
    return partitions;
  }

  private void requireGroup(String call) {
    if (groupId == null) {
      throw new IllegalStateException(call + " needs a group id; consumer '" + clientId
          + "' has none: set ConsumerConfig.Builder.groupId");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("consumer '" + clientId + "' is closed");
    }
  }

  private void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException("consumer '" + clientId + "' was interrupted in poll()");
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
