package dev.millrace.log.file.internal;

import dev.millrace.log.InvalidTransactionStateException;
import dev.millrace.log.LogException;
import dev.millrace.log.LogRecord;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.ProducerFencedException;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One epoch of a transactional id on the file log.
 *
 * <p>Commit protocol: (1) fsync every partition the transaction wrote to, (2) append the COMMIT
 * entry (partitions with the transaction's first offset there, and group offsets) to the journal
 * and fsync it: this is the commit point, (3) write a commit marker to each partition, without
 * fsync. A crash before (2) aborts the transaction on reopen; after (2) reopen writes the markers
 * that did not reach the disk. Abort writes abort markers only: a missing abort marker is implied
 * on reopen.
 */
final class FileTransactionalWriter implements TransactionalWriter {
  private static final Logger LOG = LoggerFactory.getLogger(FileTransactionalWriter.class);

  /** The per-id slot that says which writer is current; its lock orders all calls of the id. */
  static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    FileTransactionalWriter current;
  }

  private final FileLogEngine engine;
  private final Slot slot;
  private final String transactionalId;
  private final long producerId;
  private final int epoch;
  private boolean open;
  private boolean closed;
  private final Map<TopicPartition, PartitionLog> partitions = new LinkedHashMap<>();
  private final Map<String, Map<TopicPartition, Long>> offsets = new LinkedHashMap<>();
  /** Partitions whose commit marker could not be written after the commit point. */
  private final Map<TopicPartition, PartitionLog> markersOwed = new LinkedHashMap<>();

  FileTransactionalWriter(FileLogEngine engine, Slot slot, String transactionalId,
      long producerId, int epoch) {
    this.engine = engine;
    this.slot = slot;
    this.transactionalId = transactionalId;
    this.producerId = producerId;
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

  long producerId() {
    return producerId;
  }

  @Override
  public boolean inTransaction() {
    slot.lock.lock();
    try {
      return open;
    } finally {
      slot.lock.unlock();
    }
  }

  private void enter() {
    slot.lock.lock();
    try {
      engine.checkOpen();
      if (slot.current != this) {
        throw new ProducerFencedException("transactional id '" + transactionalId + "' epoch "
            + epoch + " was fenced by a newer epoch; this writer must stop");
      }
      if (closed) {
        throw new InvalidTransactionStateException("the writer of transactional id '"
            + transactionalId + "' is closed");
      }
    } catch (RuntimeException e) {
      slot.lock.unlock();
      throw e;
    }
  }

  private void requireOpen(String call) {
    if (!open) {
      throw new InvalidTransactionStateException(call + " needs an open transaction; call "
          + "beginTransaction() first (transactional id '" + transactionalId + "')");
    }
  }

  @Override
  public void beginTransaction() {
    enter();
    try {
      if (open) {
        throw new InvalidTransactionStateException("transactional id '" + transactionalId
            + "' already has an open transaction");
      }
      payMarkersOwed();
      open = true;
      partitions.clear();
      offsets.clear();
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(records, "records");
    enter();
    try {
      requireOpen("append");
      if (records.isEmpty()) {
        throw new IllegalArgumentException("records must not be empty (appending to "
            + partition + ")");
      }
      PartitionLog p = engine.partition(partition);
      long base = p.append(records, Batch.ATTR_TRANSACTIONAL, producerId, (short) epoch);
      partitions.putIfAbsent(partition, p);
      p.signal();
      return base;
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public void addOffsets(String groupId, Map<TopicPartition, Long> groupOffsets) {
    FileLogEngine.validateOffsets(groupId, groupOffsets);
    enter();
    try {
      requireOpen("addOffsets");
      for (TopicPartition tp : groupOffsets.keySet()) {
        engine.partition(tp);
      }
      offsets.computeIfAbsent(groupId, g -> new LinkedHashMap<>()).putAll(groupOffsets);
    } finally {
      slot.lock.unlock();
    }
  }

  @Override
  public void commitTransaction() {
    enter();
    try {
      requireOpen("commitTransaction");
      Map<TopicPartition, Long> firsts = new HashMap<>();
      try {
        boolean sync = engine.config().syncOnCommit();
        for (Map.Entry<TopicPartition, PartitionLog> e : partitions.entrySet()) {
          if (sync) {
            e.getValue().sync();
          }
          long first = e.getValue().openTxnFirstOffset(producerId);
          if (first >= 0) {
            firsts.put(e.getKey(), first);
          }
        }
        engine.journal().commit(producerId, epoch, firsts, offsets, sync);
      } catch (LogException e) {
        open = false;
        writeMarkersQuietly(false, e);
        throw new LogStorageException("commit of transactional id '" + transactionalId
            + "' failed, the transaction is aborted: " + e.getMessage(), e);
      }
      open = false;
      markersOwed.putAll(partitions);
      try {
        payMarkersOwed();
      } catch (LogStorageException e) {
        // Committed and durable: the markers follow on the next call of this writer, or on open.
        LOG.warn("{}", e.getMessage());
      }
      engine.signalAll();
    } finally {
      slot.lock.unlock();
    }
  }

  /** Writes commit markers still owed after a commit point; throws if the disk still refuses. */
  private void payMarkersOwed() {
    var it = markersOwed.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      PartitionLog p = e.getValue();
      if (!p.isClosed()) {
        try {
          p.writeMarker(producerId, (short) epoch, true);
        } catch (LogStorageException ex) {
          throw new LogStorageException("transactional id '" + transactionalId + "' committed, "
              + "but its commit marker for " + e.getKey() + " could not be written yet (it will "
              + "be on the next call or when the log is reopened): " + ex.getMessage(), ex);
        }
      }
      it.remove();
    }
  }

  @Override
  public void abortTransaction() {
    enter();
    try {
      requireOpen("abortTransaction");
      open = false;
      writeMarkers(false);
      engine.signalAll();
    } finally {
      slot.lock.unlock();
    }
  }

  private void writeMarkers(boolean commit) {
    for (PartitionLog p : partitions.values()) {
      if (!p.isClosed()) {
        p.writeMarker(producerId, (short) epoch, commit);
      }
    }
  }

  private void writeMarkersQuietly(boolean commit, Exception cause) {
    try {
      writeMarkers(commit);
    } catch (RuntimeException e) {
      cause.addSuppressed(e); // the transaction stays open on disk; reopen aborts it
    }
  }

  /** Called by the newer epoch, holding the slot lock: resolves this writer's transaction. */
  void fence() {
    try {
      payMarkersOwed();
    } catch (LogStorageException ignored) {
      // Reopen will write them: the journal holds the commit decision.
    }
    if (open) {
      open = false;
      writeMarkers(false);
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
      if (slot.current == this && open && !engine.isClosed()) {
        open = false;
        writeMarkers(false);
        engine.signalAll();
      }
    } finally {
      slot.lock.unlock();
    }
  }
}
