package dev.millrace.clients.internal;

import dev.millrace.clients.RecordMetadata;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records buffered for one partition, waiting to be appended together, with their futures. */
final class ProducerBatch {
  final TopicPartition partition;
  final long createdNanos;
  private final List<LogRecord> records = new ArrayList<>();
  private final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
  private int sizeInBytes;

  ProducerBatch(TopicPartition partition, long createdNanos) {
    this.partition = partition;
    this.createdNanos = createdNanos;
  }

  void add(LogRecord record, CompletableFuture<RecordMetadata> future) {
    records.add(record);
    futures.add(future);
    sizeInBytes += record.sizeInBytes();
  }

  int sizeInBytes() {
    return sizeInBytes;
  }

  int recordCount() {
    return records.size();
  }

  /** The records, handed to the log as they are: the batch is never touched again afterwards. */
  List<LogRecord> records() {
    return records;
  }

  void succeeded(long baseOffset) {
    for (int i = 0; i < futures.size(); i++) {
      futures.get(i).complete(
          new RecordMetadata(partition, baseOffset + i, records.get(i).timestamp()));
    }
  }

  void failed(Throwable error) {
    for (CompletableFuture<RecordMetadata> future : futures) {
      future.completeExceptionally(error);
    }
  }
}
