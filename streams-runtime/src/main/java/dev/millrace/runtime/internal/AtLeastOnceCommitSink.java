package dev.millrace.runtime.internal;

import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * At-least-once: records are appended at once, offsets committed after them, so a crash between
 * the two replays input (and duplicates its output) but never loses any.
 */
public final class AtLeastOnceCommitSink implements CommitSink {
  private final Log log;

  public AtLeastOnceCommitSink(Log log) {
    this.log = log;
  }

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    return log.append(partition, records);
  }

  @Override
  public void commit(String groupId, Map<TopicPartition, Long> offsets) {
    if (!offsets.isEmpty()) {
      log.commitOffsets(groupId, offsets);
    }
  }

  @Override
  public void close() {}
}
