package dev.millrace.streams;

/** What a crash may do to results. */
public enum ProcessingGuarantee {
  /**
   * No input record is lost; after a crash some records may be processed again, so outputs and
   * aggregates may count them twice.
   */
  AT_LEAST_ONCE,
  /**
   * Each input record affects state and outputs exactly once, through log transactions and
   * {@code read_committed} reads.
   */
  EXACTLY_ONCE
}
