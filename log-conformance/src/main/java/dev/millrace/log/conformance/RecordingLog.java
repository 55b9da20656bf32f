package dev.millrace.log.conformance;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ReadResult;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicDescription;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A log that forwards every call to another and records the non-transactional appends and the
 * flushes, so that tests can see how a client batches without depending on timing.
 */
final class RecordingLog implements Log {
  /** One {@link Log#append} call: where, and how many records. */
  record Append(TopicPartition partition, int records) {}

  private final Log delegate;
  private final List<Append> appends = new CopyOnWriteArrayList<>();
  private final AtomicInteger flushes = new AtomicInteger();

  RecordingLog(Log delegate) {
    this.delegate = delegate;
  }

  List<Append> appends() {
    return List.copyOf(appends);
  }

  int flushes() {
    return flushes.get();
  }

  @Override
  public void createTopic(String topic, TopicConfig config) {
    delegate.createTopic(topic, config);
  }

  @Override
  public TopicDescription describeTopic(String topic) {
    return delegate.describeTopic(topic);
  }

  @Override
  public Set<String> listTopics() {
    return delegate.listTopics();
  }

  @Override
  public void deleteTopic(String topic) {
    delegate.deleteTopic(topic);
  }

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    long offset = delegate.append(partition, records);
    appends.add(new Append(partition, records.size()));
    return offset;
  }

  @Override
  public ReadResult read(TopicPartition partition, long offset, int maxRecords, int maxBytes,
      IsolationLevel isolation) {
    return delegate.read(partition, offset, maxRecords, maxBytes, isolation);
  }

  @Override
  public boolean awaitReadable(Map<TopicPartition, Long> positions, IsolationLevel isolation,
      Duration timeout) {
    return delegate.awaitReadable(positions, isolation, timeout);
  }

  @Override
  public long beginningOffset(TopicPartition partition) {
    return delegate.beginningOffset(partition);
  }

  @Override
  public long endOffset(TopicPartition partition) {
    return delegate.endOffset(partition);
  }

  @Override
  public long lastStableOffset(TopicPartition partition) {
    return delegate.lastStableOffset(partition);
  }

  @Override
  public OptionalLong offsetForTimestamp(TopicPartition partition, long timestamp,
      IsolationLevel isolation) {
    return delegate.offsetForTimestamp(partition, timestamp, isolation);
  }

  @Override
  public void deleteRecordsBefore(TopicPartition partition, long offset) {
    delegate.deleteRecordsBefore(partition, offset);
  }

  @Override
  public void flush() {
    delegate.flush();
    flushes.incrementAndGet();
  }

  @Override
  public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    delegate.commitOffsets(groupId, offsets);
  }

  @Override
  public Map<TopicPartition, Long> committedOffsets(String groupId,
      Collection<TopicPartition> partitions) {
    return delegate.committedOffsets(groupId, partitions);
  }

  @Override
  public TransactionalWriter initTransactions(String transactionalId) {
    return delegate.initTransactions(transactionalId);
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
