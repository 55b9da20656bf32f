package dev.millrace.log;

/** What a log does with old records of a topic (Kafka's {@code cleanup.policy}). */
public enum CleanupPolicy {
  /** Delete whole old segments once they pass the topic's time or size retention. */
  DELETE,
  /**
   * Keep at least the latest record of every key; a record with a {@code null} value (a tombstone)
   * deletes its key and is itself removed after the topic's {@code deleteRetention}.
   */
  COMPACT
}
