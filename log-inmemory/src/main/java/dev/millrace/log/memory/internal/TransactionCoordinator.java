package dev.millrace.log.memory.internal;

import dev.millrace.log.TransactionalWriter;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Epochs of transactional ids. Each id has one lock, taken by its current writer for every call
 * and by {@link #initTransactions} to fence it, so a zombie can never slip an append into a
 * transaction that its successor has just aborted.
 */
public final class TransactionCoordinator {
  private final MemoryStore store;
  private final ConcurrentHashMap<String, ProducerSlot> slots = new ConcurrentHashMap<>();

  /** The state of one transactional id. Fields are guarded by {@link #lock}. */
  static final class ProducerSlot {
    final ReentrantLock lock = new ReentrantLock();
    int epoch = -1;
    MemoryTransactionalWriter current;
  }

  TransactionCoordinator(MemoryStore store) {
    this.store = store;
  }

  /** See {@link dev.millrace.log.Log#initTransactions}. */
  public TransactionalWriter initTransactions(String transactionalId) {
    Objects.requireNonNull(transactionalId, "transactionalId");
    if (transactionalId.isEmpty()) {
      throw new IllegalArgumentException("transactionalId must not be empty");
    }
    store.ensureOpen();
    ProducerSlot slot = slots.computeIfAbsent(transactionalId, id -> new ProducerSlot());
    slot.lock.lock();
    try {
      store.ensureOpen();
      int epoch = slot.epoch + 1;
      if (slot.current != null) {
        slot.current.fence(epoch);
      }
      slot.epoch = epoch;
      slot.current = new MemoryTransactionalWriter(store, slot, transactionalId, epoch);
      return slot.current;
    } finally {
      slot.lock.unlock();
    }
  }
}
