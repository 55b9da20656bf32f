package dev.millrace.streams.processor;

/** Where a record was read from. */
public interface RecordMetadata {
  String topic();

  int partition();

  long offset();
}
