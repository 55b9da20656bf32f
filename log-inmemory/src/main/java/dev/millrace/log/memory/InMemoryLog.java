package dev.millrace.log.memory;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ReadResult;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicDescription;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.memory.internal.MemoryStore;
import dev.millrace.log.memory.internal.PartitionAwait;
import dev.millrace.log.memory.internal.PartitionLog;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A {@link Log} held entirely in the JVM heap: for tests, demos and pipelines whose data may be
 * lost with the process. It implements the whole SPI, transactions and fencing included, and is
 * safe for any number of threads.
 *
 * <p>Records are kept as the objects handed to {@link #append}: byte arrays are not copied, and
 * reads return the stored records themselves. Appends cost O(batch) under a per-partition lock;
 * reads take no lock at all.
 *
 * <p>What it does not do:
 * <ul>
 *   <li>It is not durable: {@link #flush()} returns at once, and {@link #close()} discards
 *       everything.
 *   <li>It ignores retention and compaction settings (they are stored and described, not
 *       applied): every record stays until {@link #deleteRecordsBefore} or {@link #deleteTopic}.
 *       Memory is released in blocks of 1024 offsets, so up to that many records below the
 *       beginning offset may stay reachable.
 * </ul>
 *
 * <pre>{@code
 * try (Log log = InMemoryLog.create()) {
 *   log.createTopic("payments", TopicConfig.partitions(4));
 *   ...
 * }
 * }</pre>
 */
public final class InMemoryLog implements Log {
  private final MemoryStore store = new MemoryStore();

  private InMemoryLog() {}

  /** A new, empty log. */
  public static InMemoryLog create() {
    return new InMemoryLog();
  }

  @Override
  public void createTopic(String topic, TopicConfig config) {
    store.createTopic(topic, config);
  }

  @Override
  public TopicDescription describeTopic(String topic) {
    return store.describeTopic(topic);
  }

  @Override
  public Set<String> listTopics() {
    return store.listTopics();
  }

  @Override
  public void deleteTopic(String topic) {
    store.deleteTopic(topic);
  }

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    Objects.requireNonNull(partition, "partition");
    MemoryStore.validateBatch(partition, records);
    return store.partition(partition).append(records);
  }

  @Override
  public ReadResult read(TopicPartition partition, long offset, int maxRecords, int maxBytes,
      IsolationLevel isolation) {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(isolation, "isolation");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset + " (read of "
          + partition + ")");
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords
          + " (read of " + partition + ")");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes
          + " (read of " + partition + ")");
    }
    return store.partition(partition).read(offset, maxRecords, maxBytes, isolation);
  }

  @Override
  public boolean awaitReadable(Map<TopicPartition, Long> positions, IsolationLevel isolation,
      Duration timeout) {
    return PartitionAwait.await(store, positions, isolation, timeout);
  }

  @Override
  public long beginningOffset(TopicPartition partition) {
    return store.partition(partition).beginningOffset();
  }

  @Override
  public long endOffset(TopicPartition partition) {
    return store.partition(partition).endOffset();
  }

  @Override
  public long lastStableOffset(TopicPartition partition) {
    return store.partition(partition).lastStableOffset();
  }

  @Override
  public OptionalLong offsetForTimestamp(TopicPartition partition, long timestamp,
      IsolationLevel isolation) {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(isolation, "isolation");
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must be >= 0, got " + timestamp
          + " (offsetForTimestamp of " + partition + ")");
    }
    return store.partition(partition).offsetForTimestamp(timestamp, isolation);
  }

  @Override
  public void deleteRecordsBefore(TopicPartition partition, long offset) {
    Objects.requireNonNull(partition, "partition");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset
          + " (deleteRecordsBefore on " + partition + ")");
    }
    store.partition(partition).deleteRecordsBefore(offset);
  }

  /** Nothing to do: this log is not durable. */
  @Override
  public void flush() {
    store.ensureOpen();
  }

  @Override
  public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    store.validateOffsets(groupId, offsets);
    store.groups().commit(groupId, offsets);
  }

  @Override
  public Map<TopicPartition, Long> committedOffsets(String groupId,
      Collection<TopicPartition> partitions) {
    MemoryStore.validateGroupId(groupId);
    Objects.requireNonNull(partitions, "partitions");
    store.ensureOpen();
    return store.groups().fetch(groupId, partitions);
  }

  @Override
  public TransactionalWriter initTransactions(String transactionalId) {
    return store.coordinator().initTransactions(transactionalId);
  }

  /** Always false. */
  @Override
  public boolean isReadOnly() {
    store.ensureOpen();
    return false;
  }

  /** Discards every topic, offset and open transaction; waiting threads fail. Idempotent. */
  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "InMemoryLog" + (store.isClosed() ? "(closed)" : "");
  }
}
