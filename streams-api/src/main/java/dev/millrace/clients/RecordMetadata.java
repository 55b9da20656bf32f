package dev.millrace.clients;

import dev.millrace.log.TopicPartition;
import java.util.Objects;

/**
 * Where a sent record landed: its partition and the offset the log gave it.
 *
 * @param topicPartition the partition written to
 * @param offset the record's offset in that partition
 * @param timestamp the record's timestamp as stored (the requested one, or the send time)
 */
public record RecordMetadata(TopicPartition topicPartition, long offset, long timestamp) {

  public RecordMetadata {
    Objects.requireNonNull(topicPartition, "topicPartition");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
  }

  public String topic() {
    return topicPartition.topic();
  }

  public int partition() {
    return topicPartition.partition();
  }
}
