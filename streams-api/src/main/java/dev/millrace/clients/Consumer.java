package dev.millrace.clients;

import dev.millrace.clients.internal.LogConsumer;
import dev.millrace.log.Log;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Deserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads typed records from the topics of any {@link Log}, shaped like Kafka's
 * {@code KafkaConsumer}.
 *
 * <pre>{@code
 * ConsumerConfig config = ConsumerConfig.builder()
 *     .groupId("billing").autoOffsetReset(AutoOffsetReset.EARLIEST).build();
 * try (Consumer<String, Long> consumer = Consumer.create(log, config,
 *     Serdes.String().deserializer(), Serdes.Long().deserializer())) {
 *   consumer.subscribe(List.of("orders"));
 *   while (running) {
 *     for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(100))) {
 *       handle(r.key(), r.value());
 *     }
 *     consumer.commitSync();
 *   }
 * }
 * }</pre>
 *
 * <h2>Assignment and groups</h2>
 * {@link #subscribe} assigns this consumer <b>every</b> partition of the topics (including topics
 * created later under a subscribed name); {@link #assign} takes exactly the partitions given.
 * There is no group coordination yet: each consumer is its group's only member, so two consumers
 * subscribed with the same group id both read every partition, and their commits overwrite each
 * other's. The group id only names where committed offsets live.
 *
 * <h2>Positions</h2>
 * Per assigned partition the consumer keeps a position: the offset of the next record to return.
 * A partition without one starts at its group's committed offset, or else where
 * {@code auto.offset.reset} says. Each {@link #poll} returns records from the positions on and
 * advances them past what it returned; the same record is never returned twice unless the
 * application {@link #seek seeks} back. {@link #commitSync()} stores the positions as the group's
 * committed offsets, so that a new consumer of the group resumes where this one stopped.
 *
 * <h2>Waiting</h2>
 * {@link #poll} reads bounded batches ({@code max.poll.records}, {@code
 * max.partition.fetch.bytes}) and, if nothing is readable, waits on {@link Log#awaitReadable}
 * until something is or the timeout passes: it never spins.
 *
 * <h2>Errors</h2>
 * A record whose key or value cannot be deserialized makes {@link #poll} throw
 * {@link RecordDeserializationException} naming its topic, partition and offset; the position
 * stays at that record (records before it are returned first), so the application can
 * {@link #seek} past it. Nothing is skipped silently.
 *
 * <h2>Threads</h2>
 * A consumer is not thread-safe: use it from one thread at a time, as with Kafka.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Consumer<K, V> extends AutoCloseable {

  /**
   * A consumer reading from {@code log}. The log stays the caller's: closing the consumer does
   * not close it.
   */
  static <K, V> Consumer<K, V> create(Log log, ConsumerConfig config,
      Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(keyDeserializer, "keyDeserializer");
    Objects.requireNonNull(valueDeserializer, "valueDeserializer");
    return new LogConsumer<>(log, config, keyDeserializer, valueDeserializer);
  }

  /**
   * Subscribes to topics, replacing any earlier subscription: this consumer is assigned every
   * partition of them. Topics that do not exist yet are picked up by a later poll once they do.
   * Positions of partitions that stay assigned are kept. An empty collection unsubscribes.
   *
   * @throws IllegalStateException if partitions were {@link #assign assigned} manually
   * @throws IllegalArgumentException if a topic name is empty
   */
  void subscribe(Collection<String> topics);

  /**
   * Assigns exactly these partitions, replacing any earlier assignment. Positions of partitions
   * that stay assigned are kept. An empty collection unassigns.
   *
   * @throws IllegalStateException if the consumer is {@link #subscribe subscribed}
   * @throws dev.millrace.log.UnknownTopicOrPartitionException if a partition does not exist
   */
  void assign(Collection<TopicPartition> partitions);

  /** Drops the subscription or assignment, after an auto commit if enabled. */
  void unsubscribe();

  /** The partitions currently assigned. */
  Set<TopicPartition> assignment();

  /** The subscribed topics; empty if partitions were assigned manually. */
  Set<String> subscription();

  /**
   * Returns the records readable from the current positions, waiting up to {@code timeout} for
   * some if there are none; advances the positions past them.
   *
   * @return at most {@code max.poll.records} records; empty if the timeout passed
   * @throws IllegalStateException if neither subscribed nor assigned
   * @throws NoOffsetForPartitionException if a partition has no position, no committed offset,
   *     and {@code auto.offset.reset} is none
   * @throws RecordDeserializationException if the record at a position cannot be deserialized
   * @throws dev.millrace.log.OffsetOutOfRangeException if a position is out of range and
   *     {@code auto.offset.reset} is none
   * @throws InterruptException if the thread is interrupted while waiting
   */
  ConsumerRecords<K, V> poll(Duration timeout);

  /**
   * Commits the current positions of all assigned partitions as the group's offsets.
   *
   * @throws IllegalStateException if the consumer has no group id
   */
  void commitSync();

  /**
   * Commits the given offsets (the next offset to consume, per partition) as the group's.
   *
   * @throws IllegalStateException if the consumer has no group id
   */
  void commitSync(Map<TopicPartition, Long> offsets);

  /**
   * The group's committed offsets for these partitions; partitions without one are absent.
   *
   * @throws IllegalStateException if the consumer has no group id
   */
  Map<TopicPartition, Long> committed(Set<TopicPartition> partitions);

  /**
   * Sets the position of an assigned partition: the next poll returns records from
   * {@code offset} on.
   *
   * @throws IllegalStateException if the partition is not assigned
   * @throws IllegalArgumentException if {@code offset < 0}
   */
  void seek(TopicPartition partition, long offset);

  /**
   * Moves these assigned partitions (all assigned ones if empty) to their beginning offset.
   *
   * @throws IllegalStateException if a partition is not assigned
   */
  void seekToBeginning(Collection<TopicPartition> partitions);

  /**
   * Moves these assigned partitions (all assigned ones if empty) to their end: the end offset, or
   * the last stable offset for {@code read_committed}.
   *
   * @throws IllegalStateException if a partition is not assigned
   */
  void seekToEnd(Collection<TopicPartition> partitions);

  /**
   * The position of an assigned partition, finding it first (committed offset or reset) if it has
   * none yet.
   *
   * @throws IllegalStateException if the partition is not assigned
   * @throws NoOffsetForPartitionException as {@link #poll} does
   */
  long position(TopicPartition partition);

  /** Commits the positions if auto commit is enabled, and releases the consumer. Idempotent. */
  @Override
  void close();
}
