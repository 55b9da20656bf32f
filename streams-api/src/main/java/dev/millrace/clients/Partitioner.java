package dev.millrace.clients;

import dev.millrace.clients.internal.Murmur2;
import java.util.Objects;

/**
 * Chooses the partition of a record that does not name one. Set one with
 * {@link ProducerConfig.Builder#partitioner(Partitioner)}; without it the producer uses Kafka's
 * default behaviour (see {@link Producer}).
 *
 * <p>A partitioner is called from every thread that sends, so it must be thread-safe. It is not
 * called for records that name their partition.
 */
@FunctionalInterface
public interface Partitioner {

  /**
   * @param topic the record's topic
   * @param key the record's key, or null
   * @param keyBytes the serialized key, or null
   * @param numPartitions the topic's partition count, at least 1
   * @return a partition in {@code [0, numPartitions)}
   */
  int partition(String topic, Object key, byte[] keyBytes, int numPartitions);

  /**
   * The partition Apache Kafka's default partitioner gives a record with these key bytes: the
   * murmur2 hash of the bytes, sign bit cleared, modulo the partition count. The same key bytes
   * land in the same partition here and on Kafka, given the same partition count.
   *
   * @throws NullPointerException if {@code keyBytes} is null
   * @throws IllegalArgumentException if {@code numPartitions < 1}
   */
  static int keyHashPartition(byte[] keyBytes, int numPartitions) {
    Objects.requireNonNull(keyBytes, "keyBytes");
    if (numPartitions < 1) {
      throw new IllegalArgumentException("numPartitions must be >= 1, got " + numPartitions);
    }
    return Murmur2.partition(keyBytes, numPartitions);
  }
}
