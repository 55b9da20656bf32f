package dev.millrace.log;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A store of topics, each split into partitions of records addressed by offset: the SPI through
 * which the runtime and the clients reach storage, whatever it is.
 *
 * <h2>Offsets</h2>
 * Each partition numbers what it stores densely from 0: every appended record takes the next
 * offset, and so does each transaction marker (one per partition a transaction wrote to, when it
 * commits or aborts), exactly as in Kafka. Offsets are never reused, even after records are
 * deleted by retention, compaction or {@link #deleteRecordsBefore}. Readers therefore continue
 * from {@link ReadResult#nextOffset()}, never from the last record's offset plus one.
 *
 * <p>Per partition:
 * <ul>
 *   <li><b>beginning offset</b>: the first offset still stored (0 until something is deleted);
 *   <li><b>end offset</b> (high watermark): the offset the next append will take;
 *   <li><b>last stable offset</b> (LSO): the first offset of the earliest still-open transaction
 *       that wrote to the partition, or the end offset if there is none. {@code read_committed}
 *       reads never go beyond it.
 * </ul>
 *
 * <h2>Transactions</h2>
 * A {@link TransactionalWriter} obtained from {@link #initTransactions(String)} appends to many
 * partitions and adds a consumer group's offsets; on commit all of it becomes visible to
 * {@code read_committed} readers and to {@link #committedOffsets} at once, on abort none of it
 * ever does. Calling {@link #initTransactions(String)} again for the same transactional id bumps
 * the epoch: the previous writer's open transaction is aborted and its next call throws
 * {@link ProducerFencedException}. A log that survives restarts remembers epochs across them.
 *
 * <h2>Threads and errors</h2>
 * Implementations are thread-safe: any number of threads may read while others append. Bad
 * arguments throw {@link NullPointerException} or {@link IllegalArgumentException} naming the
 * parameter; missing topics or partitions throw {@link UnknownTopicOrPartitionException}; every
 * other failure is a {@link LogException} whose message names the topic, partition, offset or file
 * concerned. No method blocks without bound: waits take a timeout. After {@link #close()}, every
 * method throws {@link LogClosedException}.
 */
public interface Log extends AutoCloseable {

  // ---------------------------------------------------------------- topic admin

  /**
   * Creates a topic with all its partitions empty.
   *
   * @throws IllegalArgumentException if the name breaks {@link TopicNames#validate the rules}
   * @throws TopicExistsException if a topic of that name exists
   * @throws ReadOnlyLogException if this log was opened read-only
   */
  void createTopic(String topic, TopicConfig config);

  /**
   * Describes one topic.
   *
   * @throws UnknownTopicOrPartitionException if it does not exist
   */
  TopicDescription describeTopic(String topic);

  /** The names of all topics, sorted. */
  Set<String> listTopics();

  /**
   * Deletes a topic, its records, and every consumer group's committed offsets for it. The name
   * may be reused by a later {@link #createTopic}, starting again from offset 0.
   *
   * @throws UnknownTopicOrPartitionException if it does not exist
   * @throws ReadOnlyLogException if this log was opened read-only
   */
  void deleteTopic(String topic);

  // ---------------------------------------------------------------- records

  /**
   * Appends records outside any transaction, atomically: they take consecutive offsets, and a
   * reader sees either none or all of them. Durability follows the log's flush policy; call
   * {@link #flush()} to be sure.
   *
   * @param records at least one; the log takes ownership of their byte arrays
   * @return the offset given to the first record; the i-th record has that offset plus i
   * @throws UnknownTopicOrPartitionException if the topic or partition does not exist
   * @throws IllegalArgumentException if {@code records} is empty
   * @throws ReadOnlyLogException if this log was opened read-only
   */
  long append(TopicPartition partition, List<LogRecord> records);

  /**
   * Reads records at and after {@code offset}, without waiting. Returns at most
   * {@code maxRecords} records and stops adding records once their {@link
   * StoredRecord#sizeInBytes() size} would exceed {@code maxBytes}; but it always returns at least
   * one record if one is readable, however large, so that a reader always makes progress.
   *
   * <p>{@code READ_UNCOMMITTED} returns every data record below the end offset.
   * {@code READ_COMMITTED} returns only records below the last stable offset that are not part of
   * an aborted transaction. Neither ever returns transaction markers. Reading at the visible end
   * returns no records and {@code nextOffset == offset}.
   *
   * @param offset {@code >= 0}; an offset below the beginning offset or above the end offset is
   *     out of range
   * @throws UnknownTopicOrPartitionException if the topic or partition does not exist
   * @throws OffsetOutOfRangeException if {@code offset} is outside
   *     {@code [beginningOffset, endOffset]}; the message names partition, offset and the range
   * @throws IllegalArgumentException if {@code offset < 0}, {@code maxRecords < 1} or
   *     {@code maxBytes < 1}
   */
  ReadResult read(TopicPartition partition, long offset, int maxRecords, int maxBytes,
      IsolationLevel isolation);

  /**
   * Waits until at least one of the given partitions has something to read at or after the given
   * position: its end offset ({@code READ_UNCOMMITTED}) or last stable offset
   * ({@code READ_COMMITTED}) is greater than the position. Returns at once if that already holds.
   * If the calling thread is interrupted, returns false with its interrupt flag still set.
   *
   * @param positions the next offset each reader would read, per partition; not empty
   * @return true if something is readable, false if {@code timeout} passed first
   * @throws UnknownTopicOrPartitionException if a topic or partition does not exist
   */
  boolean awaitReadable(Map<TopicPartition, Long> positions, IsolationLevel isolation,
      Duration timeout);

  /** The first offset still stored. @throws UnknownTopicOrPartitionException if missing */
  long beginningOffset(TopicPartition partition);

  /** The offset the next append will take. @throws UnknownTopicOrPartitionException if missing */
  long endOffset(TopicPartition partition);

  /**
   * The first offset of the earliest open transaction in the partition, or the end offset.
   *
   * @throws UnknownTopicOrPartitionException if missing
   */
  long lastStableOffset(TopicPartition partition);

  /**
   * The earliest offset whose record has a timestamp {@code >= timestamp}, among records readable
   * at {@code isolation}; empty if there is none.
   *
   * @throws UnknownTopicOrPartitionException if missing
   * @throws IllegalArgumentException if {@code timestamp < 0}
   */
  OptionalLong offsetForTimestamp(TopicPartition partition, long timestamp,
      IsolationLevel isolation);

  /**
   * Deletes every record below {@code offset} (Kafka's {@code deleteRecords}), raising the
   * beginning offset to it. Used to trim internal topics once their records are consumed. A value
   * at or below the current beginning offset does nothing.
   *
   * @throws OffsetOutOfRangeException if {@code offset} is beyond the last stable offset
   * @throws UnknownTopicOrPartitionException if missing
   * @throws ReadOnlyLogException if this log was opened read-only
   */
  void deleteRecordsBefore(TopicPartition partition, long offset);

  /**
   * Makes every record appended so far, transactional or not, durable before returning. A log
   * that is not durable returns at once.
   *
   * @throws LogStorageException if the storage cannot make them durable
   */
  void flush();

  // ---------------------------------------------------------------- consumer groups

  /**
   * Stores a consumer group's positions outside any transaction: the offset of the next record
   * each partition's consumer will read. Later commits overwrite earlier ones per partition.
   *
   * @param offsets {@code >= 0} each
   * @throws UnknownTopicOrPartitionException if a topic or partition does not exist
   * @throws IllegalArgumentException if the group id is empty or an offset negative
   * @throws ReadOnlyLogException if this log was opened read-only
   */
  void commitOffsets(String groupId, Map<TopicPartition, Long> offsets);

  /**
   * A consumer group's committed positions for the given partitions; partitions the group never
   * committed are absent from the answer. Offsets added by a transaction appear only once it
   * commits.
   *
   * @throws IllegalArgumentException if the group id is empty
   */
  Map<TopicPartition, Long> committedOffsets(String groupId,
      Collection<TopicPartition> partitions);

  // ---------------------------------------------------------------- transactions

  /**
   * Starts a new epoch for a transactional id and returns the writer that owns it. Any transaction
   * left open by an earlier epoch is aborted first, and every earlier writer of this id is fenced.
   *
   * @throws IllegalArgumentException if {@code transactionalId} is empty
   * @throws ReadOnlyLogException if this log was opened read-only
   */
  TransactionalWriter initTransactions(String transactionalId);

  // ---------------------------------------------------------------- lifecycle

  /** True if this log was opened read-only: it serves reads, and every write throws. */
  boolean isReadOnly();

  /**
   * Releases the log's resources. Open transactions are left as they are: a durable log aborts
   * them when next opened. Idempotent.
   */
  @Override
  void close();
}
