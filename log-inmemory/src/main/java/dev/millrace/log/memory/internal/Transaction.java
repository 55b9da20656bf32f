package dev.millrace.log.memory.internal;

import dev.millrace.log.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One transaction of one writer epoch. Every record it appends points at it, so a
 * {@code read_committed} reader learns a record's fate from a single volatile read of
 * {@link #status()}: flipping the status publishes (or buries) the transaction in every partition
 * at once, before its markers are even written.
 *
 * <p>Everything but the status is touched only by the owning writer, under its transactional id's
 * lock.
 */
final class Transaction {
  /** Where a transaction stands. */
  enum Status {
    OPEN,
    COMMITTED,
    ABORTED
  }

  private final String transactionalId;
  private final int epoch;
  private volatile Status status = Status.OPEN;
  private final Set<PartitionLog> partitions = new LinkedHashSet<>();
  private final Map<String, Map<TopicPartition, PendingOffset>> offsets = new HashMap<>();

  /** A group position added to the transaction, tied to the partition instance it was checked against. */
  record PendingOffset(PartitionLog partition, long offset) {}

  Transaction(String transactionalId, int epoch) {
    this.transactionalId = transactionalId;
    this.epoch = epoch;
  }

  Status status() {
    return status;
  }

  boolean isOpen() {
    return status == Status.OPEN;
  }

  boolean isCommitted() {
    return status == Status.COMMITTED;
  }

  void decide(Status outcome) {
    status = outcome;
  }

  void addPartition(PartitionLog partition) {
    partitions.add(partition);
  }

  /** The partitions written to, in first-write order; each gets a marker when the transaction ends. */
  List<PartitionLog> partitions() {
    return new ArrayList<>(partitions);
  }

  void addOffset(String groupId, TopicPartition partition, PartitionLog log, long offset) {
    offsets.computeIfAbsent(groupId, g -> new HashMap<>())
        .put(partition, new PendingOffset(log, offset));
  }

  Map<String, Map<TopicPartition, PendingOffset>> offsets() {
    return offsets;
  }

  @Override
  public String toString() {
    return "transaction of '" + transactionalId + "' epoch " + epoch + " (" + status + ")";
  }
}
