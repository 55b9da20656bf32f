package dev.millrace.examples.eos;

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
import java.util.function.Supplier;

/** A {@link Log} (and its transactional writers) failing as {@link Faults} decide. */
final class FaultyLog implements Log {
  private final Log log;
  private final Faults faults;

  FaultyLog(Log log, Faults faults) {
    this.log = log;
    this.faults = faults;
  }

  private <T> T write(String op, Supplier<T> call) {
    faults.count(op + " before");
    T result = call.get();
    faults.count(op + " after");
    return result;
  }

  private void write(String op, Runnable call) {
    write(op, () -> {
      call.run();
      return null;
    });
  }

  private <T> T read(String op, Supplier<T> call) {
    faults.passive(op);
    return call.get();
  }

  @Override
  public void createTopic(String topic, TopicConfig config) {
    write("log.createTopic", () -> log.createTopic(topic, config));
  }

  @Override
  public TopicDescription describeTopic(String topic) {
    return read("log.describeTopic", () -> log.describeTopic(topic));
  }

  @Override
  public Set<String> listTopics() {
    return read("log.listTopics", log::listTopics);
  }

  @Override
  public void deleteTopic(String topic) {
    write("log.deleteTopic", () -> log.deleteTopic(topic));
  }

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    return write("log.append", () -> log.append(partition, records));
  }

  @Override
  public ReadResult read(TopicPartition partition, long offset, int maxRecords, int maxBytes,
      IsolationLevel isolation) {
    return read("log.read", () -> log.read(partition, offset, maxRecords, maxBytes, isolation));
  }

  @Override
  public boolean awaitReadable(Map<TopicPartition, Long> positions, IsolationLevel isolation,
      Duration timeout) {
    return read("log.awaitReadable", () -> log.awaitReadable(positions, isolation, timeout));
  }

  @Override
  public long beginningOffset(TopicPartition partition) {
    return read("log.beginningOffset", () -> log.beginningOffset(partition));
  }

  @Override
  public long endOffset(TopicPartition partition) {
    return read("log.endOffset", () -> log.endOffset(partition));
  }

  @Override
  public long lastStableOffset(TopicPartition partition) {
    return read("log.lastStableOffset", () -> log.lastStableOffset(partition));
  }

  @Override
  public OptionalLong offsetForTimestamp(TopicPartition partition, long timestamp,
      IsolationLevel isolation) {
    return read("log.offsetForTimestamp",
        () -> log.offsetForTimestamp(partition, timestamp, isolation));
  }

  @Override
  public void deleteRecordsBefore(TopicPartition partition, long offset) {
    write("log.deleteRecordsBefore", () -> log.deleteRecordsBefore(partition, offset));
  }

  @Override
  public void flush() {
    write("log.flush", log::flush);
  }

  @Override
  public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    write("log.commitOffsets", () -> log.commitOffsets(groupId, offsets));
  }

  @Override
  public Map<TopicPartition, Long> committedOffsets(String groupId,
      Collection<TopicPartition> partitions) {
    return read("log.committedOffsets", () -> log.committedOffsets(groupId, partitions));
  }

  @Override
  public TransactionalWriter initTransactions(String transactionalId) {
    return new Writer(write("log.initTransactions", () -> log.initTransactions(transactionalId)));
  }

  @Override
  public boolean isReadOnly() {
    return log.isReadOnly();
  }

  /** Does not close the real log: the test owns it. */
  @Override
  public void close() {
    faults.passive("log.close");
  }

  private final class Writer implements TransactionalWriter {
    private final TransactionalWriter writer;

    Writer(TransactionalWriter writer) {
      this.writer = writer;
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
      return read("writer.inTransaction", writer::inTransaction);
    }

    @Override
    public void beginTransaction() {
      write("writer.beginTransaction", writer::beginTransaction);
    }

    @Override
    public long append(TopicPartition partition, List<LogRecord> records) {
      return write("writer.append", () -> writer.append(partition, records));
    }

    @Override
    public void addOffsets(String groupId, Map<TopicPartition, Long> offsets) {
      write("writer.addOffsets", () -> writer.addOffsets(groupId, offsets));
    }

    @Override
    public void commitTransaction() {
      write("writer.commitTransaction", writer::commitTransaction);
    }

    @Override
    public void abortTransaction() {
      write("writer.abortTransaction", writer::abortTransaction);
    }

    @Override
    public void close() {
      write("writer.close", writer::close);
    }
  }
}
