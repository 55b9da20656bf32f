package dev.millrace.log;

import java.util.Objects;

/**
 * One partition of a topic: the unit a log appends to and reads from.
 *
 * @param topic the topic name, never null
 * @param partition the partition number, {@code >= 0}
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

  /**
   * @throws NullPointerException if {@code topic} is null
   * @throws IllegalArgumentException if {@code partition} is negative
   */
  public TopicPartition {
    Objects.requireNonNull(topic, "topic");
    if (partition < 0) {
      throw new IllegalArgumentException(
          "partition must be >= 0, got " + partition + " for topic '" + topic + "'");
    }
  }

  /** Shorthand for {@code new TopicPartition(topic, partition)}. */
  public static TopicPartition of(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }

  @Override
  public int compareTo(TopicPartition other) {
    int byTopic = topic.compareTo(other.topic);
    return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
  }

  /** Kafka's notation, {@code topic-partition}, used in every error message. */
  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
