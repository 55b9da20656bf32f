package dev.millrace.runtime.internal;

import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ProducerFencedException;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.runtime.StreamsException;
import java.util.List;
import java.util.Map;

/**
 * Exactly-once for one task: its output, repartition, changelog and dead-letter records and its
 * consumed offsets go into one transaction per commit, opened by the first append. The
 * transactional id is {@code <application.id>-<task>}, so the next owner of the task, in this
 * process or after a crash, fences this writer and aborts whatever it left open.
 *
 * <p>Once fenced, every call fails with a {@link StreamsException} saying so (its cause the log's
 * {@link ProducerFencedException}): the stream thread stops, and this instance writes nothing
 * more for the task.
 */
public final class ExactlyOnceCommitSink implements CommitSink {
  private final TransactionalWriter writer;

  public ExactlyOnceCommitSink(Log log, String transactionalId) {
    this.writer = log.initTransactions(transactionalId);
  }

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    try {
      if (!writer.inTransaction()) {
        writer.beginTransaction();
      }
      return writer.append(partition, records);
    } catch (ProducerFencedException e) {
      throw fenced(e);
    }
  }

  /** The commit marker; only this task's transaction writes to its changelog partitions. */
  @Override
  public int offsetsAddedByCommit() {
    return 1;
  }

  @Override
  public void commit(String groupId, Map<TopicPartition, Long> offsets) {
    if (offsets.isEmpty() && !writer.inTransaction()) {
      return;
    }
    try {
      if (!writer.inTransaction()) {
        writer.beginTransaction();
      }
      if (!offsets.isEmpty()) {
        writer.addOffsets(groupId, offsets);
      }
      writer.commitTransaction();
    } catch (ProducerFencedException e) {
      throw fenced(e);
    }
  }

  private StreamsException fenced(ProducerFencedException e) {
    return new StreamsException("transactional id '" + writer.transactionalId() + "' was fenced:"
        + " another instance of the application took over this task; its uncommitted work is"
        + " aborted and this instance stops processing it (run one instance per application id"
        + " and log)", e);
  }

  /** Aborts an open transaction (a task closed without commit) and releases the writer. */
  @Override
  public void close() {
    writer.close();
  }
}
