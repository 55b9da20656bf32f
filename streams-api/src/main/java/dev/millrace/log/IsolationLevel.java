package dev.millrace.log;

/** Which records a read may return (Kafka's {@code isolation.level}). */
public enum IsolationLevel {
  /** Everything appended so far, up to the end offset, including open and aborted transactions. */
  READ_UNCOMMITTED,
  /**
   * Only non-transactional records and records of committed transactions, and only below the last
   * stable offset: never data of an open or aborted transaction.
   */
  READ_COMMITTED
}
