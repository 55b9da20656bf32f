package dev.millrace.streams;

import dev.millrace.log.TopicPartition;

/**
 * Told how the restoration of a task's store from its changelog progresses, for progress
 * reporting and monitoring. A store level with its changelog is not restored and reports
 * nothing; one that is behind or rebuilt reports {@link #onRestoreStart} once, {@link
 * #onBatchRestored} after each batch written, then {@link #onRestoreEnd}.
 *
 * <p>Methods are called on the stream threads while they restore, before they process any
 * record, possibly concurrently for stores of different threads: keep them short and thread-safe.
 * An exception thrown here fails the stream thread. Every method does nothing by default.
 */
public interface StateRestoreListener {

  /**
   * Restoration of {@code storeName} begins.
   *
   * @param changelog the changelog partition being replayed
   * @param startOffset the first changelog offset replayed
   * @param endOffset the changelog end offset restoration stops at (exclusive); {@code endOffset -
   *     startOffset} bounds the records to restore (transaction markers and aborted records
   *     occupy offsets but are not restored)
   */
  default void onRestoreStart(String storeName, TopicPartition changelog, long startOffset,
      long endOffset) {}

  /**
   * A batch was written to the store.
   *
   * @param batchEndOffset the changelog offset following the batch
   * @param recordsRestored the records of this batch
   */
  default void onBatchRestored(String storeName, TopicPartition changelog, long batchEndOffset,
      long recordsRestored) {}

  /**
   * Restoration of {@code storeName} is complete.
   *
   * @param totalRestored the records restored in all
   */
  default void onRestoreEnd(String storeName, TopicPartition changelog, long totalRestored) {}
}
