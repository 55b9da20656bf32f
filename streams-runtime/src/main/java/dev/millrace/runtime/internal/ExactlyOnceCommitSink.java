package dev.millrace.runtime.internal;

import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import java.util.List;
import java.util.Map;

/**
 * Exactly-once for one task: its output, repartition, changelog and dead-letter records and its
 * consumed offsets go into one transaction per commit, opened by the first append. The
 * transactional id is {@code <application.id>-<task>}, so the next owner of the task, in this
 * process or after a crash, fences this writer and aborts whatever it left open.
 */
public final class ExactlyOnceCommitSink implements CommitSink {
  private final TransactionalWriter writer;

  public ExactlyOnceCommitSink(Log log, String transactionalId) {
    this.writer = log.initTransactions(transactionalId);
  }

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    if (!writer.inTransaction()) {
      writer.beginTransaction();
    }
    return writer.append(partition, records);
  }

  @Override
  public void commit(String groupId, Map<TopicPartition, Long> offsets) {
    if (offsets.isEmpty() && !writer.inTransaction()) {
      return;
    }
    if (!writer.inTransaction()) {
      writer.beginTransaction();
    }
    if (!offsets.isEmpty()) {
      writer.addOffsets(groupId, offsets);
    }
    writer.commitTransaction();
  }

  /** Aborts an open transaction (a task closed without commit) and releases the writer. */
  @Override
  public void close() {
    writer.close();
  }
}
