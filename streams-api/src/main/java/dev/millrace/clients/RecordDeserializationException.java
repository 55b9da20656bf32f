package dev.millrace.clients;

import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.SerializationException;

/**
 * A polled record's key or value could not be deserialized. The consumer's position stays at that
 * record, so every later poll fails the same way until the application
 * {@link Consumer#seek seeks} past it, e.g. to {@code offset() + 1}.
 */
public class RecordDeserializationException extends SerializationException {
  private final TopicPartition partition;
  private final long offset;

  public RecordDeserializationException(TopicPartition partition, long offset, String what,
      Throwable cause) {
    super("cannot deserialize the " + what + " of the record at " + partition + " offset " + offset
        + ": " + cause.getMessage() + " (the consumer stays at this record; seek to "
        + (offset + 1) + " to skip it)", cause);
    this.partition = partition;
    this.offset = offset;
  }

  /** The partition of the record. */
  public TopicPartition topicPartition() {
    return partition;
  }

  /** The offset of the record. */
  public long offset() {
    return offset;
  }
}
