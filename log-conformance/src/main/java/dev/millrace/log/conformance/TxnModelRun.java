package dev.millrace.log.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.InvalidTransactionStateException;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ProducerFencedException;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plays a list of {@link TxnOp}s against a log and a {@link ReferenceLog} side by side, and after
 * every step compares offsets, both isolation levels' reads and the group's committed offsets.
 */
final class TxnModelRun {
  static final String TOPIC = "txn-model";
  static final String GROUP = "model-group";

  private final Log log;
  private final int maxRecords;
  private final int maxBytes;
  private final List<TopicPartition> tps = new ArrayList<>();
  private final ReferenceLog model;
  private final TransactionalWriter[] writers;
  private final TransactionalWriter[] zombies;
  private final ReferenceLog.Txn[] open;

  TxnModelRun(Log log, int partitions, int writerCount, int maxRecords, int maxBytes) {
    this.log = log;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    log.createTopic(TOPIC, TopicConfig.partitions(partitions));
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(TOPIC, p));
    }
    model = new ReferenceLog(tps);
    writers = new TransactionalWriter[writerCount];
    zombies = new TransactionalWriter[writerCount];
    open = new ReferenceLog.Txn[writerCount];
    for (int w = 0; w < writerCount; w++) {
      writers[w] = log.initTransactions(id(w));
    }
  }

  private static String id(int writer) {
    return "model-writer-" + writer;
  }

  void run(List<TxnOp> ops) {
    for (int i = 0; i < ops.size(); i++) {
      TxnOp op = ops.get(i);
      apply(i, op);
      check("after step " + i + " " + op);
    }
  }

  private void apply(int step, TxnOp op) {
    if (op instanceof TxnOp.PlainAppend a) {
      List<LogRecord> records = LogArbitraries.tagged("plain" + step, a.count(), step);
      TopicPartition tp = tps.get(a.partition());
      assertEquals(model.append(tp, records, null), log.append(tp, records),
          "offset of a plain append to " + tp);
      return;
    }
    if (op instanceof TxnOp.Begin b) {
      if (open[b.writer()] != null) {
        assertThrows(InvalidTransactionStateException.class,
            () -> writers[b.writer()].beginTransaction());
      } else {
        writers[b.writer()].beginTransaction();
        open[b.writer()] = new ReferenceLog.Txn();
      }
      return;
    }
    if (op instanceof TxnOp.TxnAppend a) {
      List<LogRecord> records = LogArbitraries.tagged("txn" + step, a.count(), step);
      TopicPartition tp = tps.get(a.partition());
      ReferenceLog.Txn txn = ensureBegun(a.writer());
      assertEquals(model.append(tp, records, txn), writers[a.writer()].append(tp, records),
          "offset of a transactional append to " + tp);
      return;
    }
    if (op instanceof TxnOp.AddOffsets a) {
      Map<TopicPartition, Long> offsets = Map.of(tps.get(a.partition()), a.offset());
      ReferenceLog.Txn txn = ensureBegun(a.writer());
      writers[a.writer()].addOffsets(GROUP, offsets);
      txn.offsets.putAll(offsets);
      return;
    }
    if (op instanceof TxnOp.Commit c) {
      if (open[c.writer()] == null) {
        assertThrows(InvalidTransactionStateException.class,
            () -> writers[c.writer()].commitTransaction());
      } else {
        writers[c.writer()].commitTransaction();
        model.commit(open[c.writer()]);
        open[c.writer()] = null;
      }
      return;
    }
    if (op instanceof TxnOp.Abort a) {
      if (open[a.writer()] == null) {
        assertThrows(InvalidTransactionStateException.class,
            () -> writers[a.writer()].abortTransaction());
      } else {
        writers[a.writer()].abortTransaction();
        model.abort(open[a.writer()]);
        open[a.writer()] = null;
      }
      return;
    }
    if (op instanceof TxnOp.Reinit r) {
      zombies[r.writer()] = writers[r.writer()];
      writers[r.writer()] = log.initTransactions(id(r.writer()));
      if (open[r.writer()] != null) {
        model.abort(open[r.writer()]);
        open[r.writer()] = null;
      }
      return;
    }
    if (op instanceof TxnOp.ZombieAppend z) {
      TransactionalWriter zombie = zombies[z.writer()];
      if (zombie != null) {
        List<LogRecord> records = LogArbitraries.tagged("zombie" + step, 1, step);
        assertThrows(ProducerFencedException.class,
            () -> zombie.append(tps.get(z.partition()), records));
      }
      return;
    }
    if (op instanceof TxnOp.CommitOffsets c) {
      Map<TopicPartition, Long> offsets = Map.of(tps.get(c.partition()), c.offset());
      log.commitOffsets(GROUP, offsets);
      model.commitOffsets(offsets);
      return;
    }
    if (op instanceof TxnOp.DeleteBefore d) {
      TopicPartition tp = tps.get(d.partition());
      long from = model.beginningOffset(tp);
      long to = from + (model.lastStableOffset(tp) - from) * d.permille() / 1000;
      log.deleteRecordsBefore(tp, to);
      model.deleteRecordsBefore(tp, to);
      return;
    }
    throw new AssertionError("unknown step " + op);
  }

  /** The writer's open transaction, begun first if there is none. */
  private ReferenceLog.Txn ensureBegun(int writer) {
    if (open[writer] == null) {
      assertFalse(writers[writer].inTransaction());
      writers[writer].beginTransaction();
      open[writer] = new ReferenceLog.Txn();
    }
    assertTrue(writers[writer].inTransaction());
    return open[writer];
  }

  private void check(String when) {
    for (TopicPartition tp : tps) {
      String where = tp + " " + when;
      assertEquals(model.beginningOffset(tp), log.beginningOffset(tp), "beginning offset of " + where);
      assertEquals(model.endOffset(tp), log.endOffset(tp), "end offset of " + where);
      assertEquals(model.lastStableOffset(tp), log.lastStableOffset(tp),
          "last stable offset of " + where);
      assertEquals(model.uncommitted(tp), Reads.readAll(log, tp, model.beginningOffset(tp),
          IsolationLevel.READ_UNCOMMITTED, maxRecords, maxBytes), "read_uncommitted of " + where);
      assertEquals(model.committed(tp), Reads.readAll(log, tp, model.beginningOffset(tp),
          IsolationLevel.READ_COMMITTED, maxRecords, maxBytes), "read_committed of " + where);
    }
    assertEquals(model.groupOffsets(), new TreeMap<>(log.committedOffsets(GROUP, tps)),
        "committed offsets of group " + GROUP + " " + when);
  }

  /** Releases the writers; the open transactions, if any, are aborted. */
  void closeWriters() {
    for (TransactionalWriter w : writers) {
      w.close();
    }
    for (TransactionalWriter z : zombies) {
      if (z != null) {
        z.close();
      }
    }
  }
}
