package dev.millrace.clients;

import dev.millrace.log.TopicPartition;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A consumer has no position for some partitions, its group has no committed offset for them, and
 * {@code auto.offset.reset} is {@link AutoOffsetReset#NONE}. {@link Consumer#seek} them, or choose
 * another reset policy.
 */
public class NoOffsetForPartitionException extends RuntimeException {
  private final SortedSet<TopicPartition> partitions;

  public NoOffsetForPartitionException(Set<TopicPartition> partitions, String groupId) {
    super("no position and no committed offset for " + new TreeSet<>(partitions)
        + (groupId == null ? " (the consumer has no group id)" : " in group '" + groupId + "'")
        + ", and auto.offset.reset is none: seek() to a position, or use earliest or latest");
    this.partitions = new TreeSet<>(partitions);
  }

  /** The partitions without a position. */
  public Set<TopicPartition> partitions() {
    return partitions;
  }
}
