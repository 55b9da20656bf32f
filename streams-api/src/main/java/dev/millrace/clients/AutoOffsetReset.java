package dev.millrace.clients;

/**
 * Where a {@link Consumer} starts in a partition for which it has no position and its group no
 * committed offset, or whose position is out of range (Kafka's {@code auto.offset.reset}).
 */
public enum AutoOffsetReset {
  /** The first offset still stored. */
  EARLIEST,
  /**
   * The end: only records appended from now on (the last stable offset for
   * {@code read_committed} consumers). Kafka's default.
   */
  LATEST,
  /** Nowhere: {@link Consumer#poll} throws {@link NoOffsetForPartitionException}. */
  NONE
}
