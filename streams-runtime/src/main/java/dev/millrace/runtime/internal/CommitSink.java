package dev.millrace.runtime.internal;

import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * Where a stream thread's writes go: output, repartition and changelog records, then the consumed
 * offsets that close a commit. At-least-once appends straight to the log; an exactly-once sink
 * would open a transaction at the first append and commit it together with the offsets in
 * {@link #commit}, leaving the commit sequence of {@link StreamLoop} unchanged.
 */
public interface CommitSink {
  /**
   * Appends records to one partition.
   *
   * @return the offset of the first record
   */
  long append(TopicPartition partition, List<LogRecord> records);

  /**
   * Offsets that {@link #commit} adds to every partition appended to since the last commit, after
   * the last appended record: 1 for a transaction's commit marker, none without transactions. A
   * store's checkpoint covers them, so that a store committed at its changelog's end has nothing
   * to replay when it is next opened.
   */
  default int offsetsAddedByCommit() {
    return 0;
  }

  /** Makes the appends so far and the group's consumed offsets final. */
  void commit(String groupId, Map<TopicPartition, Long> offsets);

  /** Abandons appends not yet committed, where the sink can (a transaction), and releases it. */
  void close();
}
