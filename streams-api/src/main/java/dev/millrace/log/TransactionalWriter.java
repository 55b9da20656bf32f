package dev.millrace.log;

import java.util.List;
import java.util.Map;

/**
 * One epoch of a transactional id: appends to many partitions and a consumer group's offsets,
 * made visible together by {@link #commitTransaction()} or never by {@link #abortTransaction()}
 * (Kafka's transactional producer). Obtained from {@link Log#initTransactions(String)}.
 *
 * <p>Lifecycle: {@code begin → (append | addOffsets)* → commit | abort}, repeated. A writer is used
 * by one thread at a time.
 *
 * <p>Once another {@link Log#initTransactions(String)} call for the same id has taken over, every
 * call on this writer throws {@link ProducerFencedException} and writes nothing; the open
 * transaction, if any, has been aborted by the newcomer.
 */
public interface TransactionalWriter extends AutoCloseable {

  /** The transactional id this writer owns an epoch of. */
  String transactionalId();

  /** This writer's epoch: higher than every earlier writer of the same id. */
  int epoch();

  /** True between {@link #beginTransaction()} and the matching commit or abort. */
  boolean inTransaction();

  /**
   * Opens a transaction.
   *
   * @throws InvalidTransactionStateException if one is already open, or the writer is closed
   * @throws ProducerFencedException if a newer epoch exists
   */
  void beginTransaction();

  /**
   * Appends records to a partition inside the open transaction. They take consecutive offsets at
   * once (so {@code read_uncommitted} readers see them) but stay invisible to
   * {@code read_committed} readers until the commit.
   *
   * @return the offset of the first record
   * @throws InvalidTransactionStateException if no transaction is open
   * @throws ProducerFencedException if a newer epoch exists
   * @throws UnknownTopicOrPartitionException if the partition does not exist
   * @throws IllegalArgumentException if {@code records} is empty
   */
  long append(TopicPartition partition, List<LogRecord> records);

  /**
   * Adds a consumer group's positions to the open transaction (Kafka's
   * {@code sendOffsetsToTransaction}); they become the group's committed offsets at commit.
   *
   * @throws InvalidTransactionStateException if no transaction is open
   * @throws ProducerFencedException if a newer epoch exists
   * @throws UnknownTopicOrPartitionException if a partition does not exist
   * @throws IllegalArgumentException if an offset is negative or the group id empty
   */
  void addOffsets(String groupId, Map<TopicPartition, Long> offsets);

  /**
   * Commits the open transaction: writes a commit marker to every partition it appended to and
   * publishes its records and group offsets atomically. On a durable log, everything is durable
   * when this returns.
   *
   * @throws InvalidTransactionStateException if no transaction is open
   * @throws ProducerFencedException if a newer epoch exists (the transaction was aborted)
   * @throws LogStorageException if it could not be made durable; the transaction is then aborted
   */
  void commitTransaction();

  /**
   * Aborts the open transaction: writes an abort marker to every partition it appended to; its
   * records and offsets are never visible to {@code read_committed} readers.
   *
   * @throws InvalidTransactionStateException if no transaction is open
   * @throws ProducerFencedException if a newer epoch exists
   */
  void abortTransaction();

  /** Aborts an open transaction, if any, and releases the writer. Idempotent; never fenced. */
  @Override
  void close();
}
