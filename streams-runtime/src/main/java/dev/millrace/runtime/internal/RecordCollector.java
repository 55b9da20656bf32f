package dev.millrace.runtime.internal;

import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Buffers a thread's output records per partition and hands them to the {@link CommitSink} in
 * batches: when a partition's buffer is full, at the end of each processing round, and at commit.
 */
final class RecordCollector {
  private static final int BATCH = 1000;

  private final CommitSink sink;
  private final Map<TopicPartition, List<LogRecord>> buffers = new HashMap<>();
  private int buffered;

  RecordCollector(CommitSink sink) {
    this.sink = sink;
  }

  void send(TopicPartition partition, LogRecord record) {
    List<LogRecord> buffer = buffers.get(partition);
    if (buffer == null) {
      buffer = new ArrayList<>();
      buffers.put(partition, buffer);
    }
    buffer.add(record);
    buffered++;
    if (buffer.size() >= BATCH) {
      sink.append(partition, buffer);
      // the log owns the appended list's records; never reuse it
      buffers.put(partition, new ArrayList<>());
      buffered -= buffer.size();
    }
  }

  void flush() {
    if (buffered == 0) {
      return;
    }
    for (Map.Entry<TopicPartition, List<LogRecord>> e : buffers.entrySet()) {
      List<LogRecord> buffer = e.getValue();
      if (!buffer.isEmpty()) {
        sink.append(e.getKey(), buffer);
        e.setValue(new ArrayList<>());
      }
    }
    buffered = 0;
  }

  /** See {@link CommitSink#offsetsAddedByCommit()}. */
  int offsetsAddedByCommit() {
    return sink.offsetsAddedByCommit();
  }

  /** Appends at once, bypassing the buffers; returns the first offset. */
  long appendNow(TopicPartition partition, List<LogRecord> records) {
    return sink.append(partition, records);
  }
}
