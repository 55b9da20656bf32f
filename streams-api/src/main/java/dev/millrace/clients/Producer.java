package dev.millrace.clients;

import dev.millrace.clients.internal.LogProducer;
import dev.millrace.log.Log;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Serializer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Appends typed records to the topics of any {@link Log}, batching them per partition, shaped like
 * Kafka's {@code KafkaProducer}.
 *
 * <pre>{@code
 * try (Producer<String, Long> producer = Producer.create(log, ProducerConfig.defaults(),
 *     Serdes.String().serializer(), Serdes.Long().serializer())) {
 *   producer.send(new ProducerRecord<>("orders", "alice", 42L));
 *   RecordMetadata where = producer.send(new ProducerRecord<>("orders", "bob", 7L)).join();
 * } // close() appends what is buffered and makes it durable
 * }</pre>
 *
 * <h2>Batching and acknowledgement</h2>
 * {@link #send} serializes the record, picks its partition and adds it to that partition's batch,
 * then returns a future. A batch is appended to the log in one {@link Log#append} when its size
 * reaches {@code batch.size}, when its oldest record has waited {@code linger.ms} (a background
 * thread sees to that), or on {@link #flush()}, {@link #commitTransaction()} or {@link #close()}.
 * The future completes when its batch has been appended, with the offset the log gave the record,
 * or exceptionally with the log's error. Records of one partition are appended in the order they
 * were sent. With {@code linger.ms = 0} each send appends at once and returns a completed future.
 *
 * <p>An appended record is readable, but is durable only once the log has flushed it:
 * {@link #flush()} and {@link #close()} append everything buffered and then call
 * {@link Log#flush()}, so every record acknowledged before they return is durable.
 *
 * <h2>Partitioning</h2>
 * A record that names a partition goes there. Otherwise a configured {@link Partitioner} chooses.
 * Otherwise, as in Kafka: a record with a key goes to
 * {@link Partitioner#keyHashPartition murmur2(key bytes) mod partitions}, the same partition Kafka
 * would choose; records without key stick to one partition per topic until that partition's batch
 * is appended, then move on to the next partition in turn (so with {@code linger.ms = 0} they go
 * round-robin, one record each).
 *
 * <h2>Transactions</h2>
 * With a {@code transactional.id}, call {@link #initTransactions()} once, then repeat
 * {@link #beginTransaction()}, {@link #send sends}, optionally
 * {@link #sendOffsetsToTransaction}, then {@link #commitTransaction()} or
 * {@link #abortTransaction()}. Sends outside a transaction are refused. A newer producer with the
 * same transactional id fences this one: its transactional calls then throw
 * {@link dev.millrace.log.ProducerFencedException} and it should be closed. If an append inside a
 * transaction fails, the transaction can only be aborted.
 *
 * <h2>Threads</h2>
 * A producer is thread-safe: many threads may send at once; records one thread sends to one
 * partition keep their order. The transactional calls must come from one thread at a time, as with
 * Kafka. Futures are completed by the thread that appended the batch (a sending thread, a flushing
 * thread or the linger thread) while it holds the producer's lock, so that {@link #flush()} can
 * promise complete futures: keep dependent actions short, and do not block in them.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Producer<K, V> extends AutoCloseable {

  /**
   * A producer writing to {@code log}. The log stays the caller's: closing the producer does not
   * close it.
   */
  static <K, V> Producer<K, V> create(Log log, ProducerConfig config,
      Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(keySerializer, "keySerializer");
    Objects.requireNonNull(valueSerializer, "valueSerializer");
    return new LogProducer<>(log, config, keySerializer, valueSerializer);
  }

  /**
   * Serializes the record, chooses its partition and buffers it; see the class documentation for
   * when it is appended.
   *
   * @return completes with the record's partition and offset once appended, or exceptionally with
   *     the reason it was not (e.g. {@link TransactionAbortedException}, or the log's error)
   * @throws dev.millrace.serialization.SerializationException if the key or value cannot be
   *     serialized; the message names the topic
   * @throws dev.millrace.log.UnknownTopicOrPartitionException if the topic does not exist
   * @throws IllegalArgumentException if the record names a partition the topic does not have, or
   *     the partitioner returns one
   * @throws IllegalStateException if the producer is closed, or is transactional and no
   *     transaction is open
   * @throws dev.millrace.log.ProducerFencedException if a newer producer took over the
   *     transactional id
   */
  CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

  /**
   * Appends every buffered record, then makes everything appended so far durable with
   * {@link Log#flush()}. When it returns, every earlier send's future is complete. Inside a
   * transaction the records are appended to it but stay uncommitted.
   *
   * @throws dev.millrace.log.LogStorageException if the log cannot make them durable
   */
  void flush();

  /**
   * Registers the transactional id with the log, fencing every earlier producer with the same id
   * and aborting its open transaction. Call once, before the first transaction.
   *
   * @throws IllegalStateException if the producer has no transactional id, or this was called
   *     before
   */
  void initTransactions();

  /**
   * Opens a transaction.
   *
   * @throws IllegalStateException if {@link #initTransactions()} was not called or a transaction
   *     is open
   * @throws dev.millrace.log.ProducerFencedException if a newer producer took over the id
   */
  void beginTransaction();

  /**
   * Adds a consumer group's positions to the open transaction: they become the group's committed
   * offsets when, and only when, the transaction commits (Kafka's
   * {@code sendOffsetsToTransaction}).
   *
   * @param offsets the next offset to consume, per partition
   * @throws IllegalStateException if no transaction is open
   * @throws dev.millrace.log.ProducerFencedException if a newer producer took over the id
   */
  void sendOffsetsToTransaction(Map<TopicPartition, Long> offsets, String groupId);

  /**
   * Appends the transaction's buffered records and commits it: its records and offsets become
   * visible to {@code read_committed} consumers together.
   *
   * @throws IllegalStateException if no transaction is open, or an append inside it failed (the
   *     cause says which); then call {@link #abortTransaction()}
   * @throws dev.millrace.log.ProducerFencedException if a newer producer took over the id
   */
  void commitTransaction();

  /**
   * Aborts the open transaction. Its buffered records are never appended: their futures fail
   * with {@link TransactionAbortedException}. Records already appended stay invisible to
   * {@code read_committed} consumers.
   *
   * @throws IllegalStateException if no transaction is open
   * @throws dev.millrace.log.ProducerFencedException if a newer producer took over the id
   */
  void abortTransaction();

  /**
   * Appends what is buffered, makes it durable, and stops the linger thread. A transaction still
   * open is aborted instead (as if the process had stopped before committing). Idempotent.
   */
  @Override
  void close();
}
