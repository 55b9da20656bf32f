package dev.millrace.log.memory.internal;

import dev.millrace.log.InvalidTransactionStateException;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ProducerFencedException;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One epoch of a transactional id on the in-memory log. Every call runs under the id's lock
 * (uncontended unless a newer epoch is fencing this one), so the checks and the write they guard
 * happen as one step.
 */
final class MemoryTransactionalWriter implements TransactionalWriter {
  private final MemoryStore store;
  private final TransactionCoordinator.ProducerSlot slot;
  private final String transactionalId;
  private final int epoch;
  // Guarded by slot.lock.
  private Transaction transaction;
  private int fencedBy = -1;
  private boolean closed;

  MemoryTransactionalWriter(MemoryStore store, TransactionCoordinator.ProducerSlot slot,
      String transactionalId, int epoch) {
    this.store = store;
    this.slot = slot;
    this.transactionalId = transactionalId;
    this.epoch = epoch;
  }

  @Override
  public String transactionalId() {
    return transactionalId;
  }

  @Override
  public int epoch() {
    return epoch;
  }

  @Override
  public boolean inTransaction() {
    slot.lock.lock();
    try {
      return transaction != null;
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public void beginTransaction() {
    slot.lock.lock();
    try {
      ensureUsable("beginTransaction");
      if (transaction != null) {
        throw new InvalidTransactionStateException("transactional id '" + transactionalId
            + "' epoch " + epoch + " already has an open transaction; commit or abort it first");
      }
      transaction = new Transaction(transactionalId, epoch);
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    slot.lock.lock();
    try {
      ensureInTransaction("append");
      Objects.requireNonNull(partition, "partition");
      MemoryStore.validateBatch(partition, records);
      PartitionLog log = store.partition(partition);
      transaction.addPartition(log);
      return log.append(records, transaction);
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public void addOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    slot.lock.lock();
    try {
      ensureInTransaction("addOffsets");
      PartitionLog[] logs = store.validateOffsets(groupId, offsets);
      int i = 0;
      for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
        transaction.addOffset(groupId, e.getKey(), logs[i++], e.getValue());
      }
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public void commitTransaction() {
    slot.lock.lock();
    try {
      ensureInTransaction("commitTransaction");
      Transaction t = transaction;
      store.groups().commitTransaction(t, store);
      writeMarkers(t);
      transaction = null;
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public void abortTransaction() {
    slot.lock.lock();
    try {
      ensureInTransaction("abortTransaction");
      abortOpenTransaction();
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public void close() {
    slot.lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (fencedBy < 0 && transaction != null && !store.isClosed()) {
        abortOpenTransaction();
      }
      transaction = null;
    } finally {
      slot.lock.unlock();
    }
  }

  /** Called by the next epoch's initTransactions, under the slot lock. */
  void fence(int newEpoch) {
    if (transaction != null) {
      abortOpenTransaction();
    }
    fencedBy = newEpoch;
  }

  private void abortOpenTransaction() {
    Transaction t = transaction;
    transaction = null;
    t.decide(Transaction.Status.ABORTED);
    writeMarkers(t);
  }

  private static void writeMarkers(Transaction t) {
    for (PartitionLog p : t.partitions()) {
      if (!p.isDeleted()) {
        p.appendMarker(t);
      }
    }
  }

  private void ensureUsable(String operation) {
    store.ensureOpen();
    if (fencedBy >= 0) {
      throw new ProducerFencedException("transactional id '" + transactionalId + "' epoch "
          + epoch + " was fenced by epoch " + fencedBy + "; " + operation
          + " refused. Close this writer: a newer one owns the id");
    }
    if (closed) {
      throw new InvalidTransactionStateException("the writer for transactional id '"
          + transactionalId + "' epoch " + epoch + " is closed; " + operation + " refused");
    }
  }

  private void ensureInTransaction(String operation) {
    ensureUsable(operation);
    if (transaction == null) {
      throw new InvalidTransactionStateException("transactional id '" + transactionalId
          + "' epoch " + epoch + " has no open transaction; call beginTransaction before "
          + operation);
    }
  }

  @Override
  public String toString() {
    return "TransactionalWriter{" + transactionalId + ", epoch " + epoch + "}";
  }
}
