package dev.millrace.log.memory;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogClosedException;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ReadOnlyLogException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicDescription;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.conformance.LogConformanceSuite;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the suite's durability and read-only checks, which the plain in-memory log skips, so that
 * those checks are themselves known to pass on a log that keeps its promises. Each
 * {@link Handle} is a view of one {@link InMemoryLog} that outlives the handles: closing a handle
 * leaves the storage alone, and reopening does what a durable log does on open, aborting the
 * transactions left open by fencing every transactional id once.
 */
class SharedStorageLogConformanceTest extends LogConformanceSuite {

  @Override
  protected Log createLog() {
    return new Handle(InMemoryLog.create(), ConcurrentHashMap.newKeySet(), false);
  }

  @Override
  protected Optional<Log> reopen(Log closed) {
    Handle old = (Handle) closed;
    for (String id : old.transactionalIds) {
      old.storage.initTransactions(id).close();
    }
    return Optional.of(new Handle(old.storage, old.transactionalIds, false));
  }

  @Override
  protected Optional<Log> openReadOnly(Log writable) {
    Handle h = (Handle) writable;
    return Optional.of(new Handle(h.storage, h.transactionalIds, true));
  }

  /** A closable, optionally read-only window onto shared in-memory storage. */
  private static final class Handle implements Log {
    final InMemoryLog storage;
    final Set<String> transactionalIds;
    final boolean readOnly;
    volatile boolean closed;

    Handle(InMemoryLog storage, Set<String> transactionalIds, boolean readOnly) {
      this.storage = storage;
      this.transactionalIds = transactionalIds;
      this.readOnly = readOnly;
    }

    private InMemoryLog open() {
      if (closed) {
        throw new LogClosedException("handle closed");
      }
      return storage;
    }

    private InMemoryLog writable(String operation) {
      InMemoryLog log = open();
      if (readOnly) {
        throw new ReadOnlyLogException(operation + " on a read-only handle");
      }
      return log;
    }

    @Override
    public void createTopic(String topic, TopicConfig config) {
      writable("createTopic").createTopic(topic, config);
    }

    @Override
    public TopicDescription describeTopic(String topic) {
      return open().describeTopic(topic);
    }

    @Override
    public Set<String> listTopics() {
      return open().listTopics();
    }

    @Override
    public void deleteTopic(String topic) {
      writable("deleteTopic").deleteTopic(topic);
    }

    @Override
    public long append(TopicPartition partition, List<LogRecord> records) {
      return writable("append").append(partition, records);
    }

    @Override
    public ReadResult read(TopicPartition partition, long offset, int maxRecords, int maxBytes,
        IsolationLevel isolation) {
      return open().read(partition, offset, maxRecords, maxBytes, isolation);
    }

    @Override
    public boolean awaitReadable(Map<TopicPartition, Long> positions, IsolationLevel isolation,
        Duration timeout) {
      return open().awaitReadable(positions, isolation, timeout);
    }

    @Override
    public long beginningOffset(TopicPartition partition) {
      return open().beginningOffset(partition);
    }

    @Override
    public long endOffset(TopicPartition partition) {
      return open().endOffset(partition);
    }

    @Override
    public long lastStableOffset(TopicPartition partition) {
      return open().lastStableOffset(partition);
    }

    @Override
    public OptionalLong offsetForTimestamp(TopicPartition partition, long timestamp,
        IsolationLevel isolation) {
      return open().offsetForTimestamp(partition, timestamp, isolation);
    }

    @Override
    public void deleteRecordsBefore(TopicPartition partition, long offset) {
      writable("deleteRecordsBefore").deleteRecordsBefore(partition, offset);
    }

    @Override
    public void flush() {
      open().flush();
    }

    @Override
    public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
      writable("commitOffsets").commitOffsets(groupId, offsets);
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets(String groupId,
        Collection<TopicPartition> partitions) {
      return open().committedOffsets(groupId, partitions);
    }

    @Override
    public TransactionalWriter initTransactions(String transactionalId) {
      TransactionalWriter writer = writable("initTransactions").initTransactions(transactionalId);
      transactionalIds.add(transactionalId);
      return new HandleWriter(writer, this);
    }

    @Override
    public boolean isReadOnly() {
      open();
      return readOnly;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A writer that stops working when its handle closes, like a writer of a closed log. */
  private record HandleWriter(TransactionalWriter writer, Handle handle)
      implements TransactionalWriter {
    private TransactionalWriter open() {
      handle.open();
      return writer;
    }

    @Override
    public String transactionalId() {
      return writer.transactionalId();
    }

    @Override
    public int epoch() {
      return writer.epoch();
    }

    @Override
    public boolean inTransaction() {
      return writer.inTransaction();
    }

    @Override
    public void beginTransaction() {
      open().beginTransaction();
    }

    @Override
    public long append(TopicPartition partition, List<LogRecord> records) {
      return open().append(partition, records);
    }

    @Override
    public void addOffsets(String groupId, Map<TopicPartition, Long> offsets) {
      open().addOffsets(groupId, offsets);
    }

    @Override
    public void commitTransaction() {
      open().commitTransaction();
    }

    @Override
    public void abortTransaction() {
      open().abortTransaction();
    }

    /** A durable log leaves the transaction for the next open to abort; so does this handle. */
    @Override
    public void close() {
      if (!handle.closed) {
        writer.close();
      }
    }
  }
}
