package dev.millrace.log.file.internal;

import static dev.millrace.log.file.internal.CrashRecoveryProperties.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.file.TempDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * A compacted topic written the way changelogs are: transactions of two producers that
 * interleave and span several segments, aborted ones, plain appends in between, compaction
 * passes cut short at any swap, flushes held back and released at random, and then a crash: a
 * process crash (every byte written survives) or a {@link PowerLoss}.
 *
 * <p>After reopening, {@code read_committed} must hold only records that were written (at their
 * offsets, never aborted or unfinished ones), the latest value of every key must be that of the
 * log as written up to some point at or after everything acknowledged durable, no transaction
 * may stay open, and no offset that was handed out for durable data may be handed out again.
 */
class CompactionCrashProperties {
  static final TopicPartition TP = TopicPartition.of("t", 0);
  private static final long DELETE_RETENTION = 500;

  /** A record as written, and how it was written. */
  record Written(StoredRecord record, int txn) {}

  static final int PLAIN = -1;

  @Property(tries = 80)
  void compactedTransactionalTopicRecoversItsLatestValues(@ForAll long seed,
      @ForAll @IntRange(min = 20, max = 140) int ops, @ForAll boolean powerLoss)
      throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    MutableClock clock = new MutableClock(1_000_000);
    FileLogConfig cfg = FileLogConfig.defaults().withClock(clock)
        .withCleanerInterval(Duration.ZERO);
    PowerLoss powerLossOf = new PowerLoss();
    HeldFlusher flusher = new HeldFlusher();
    List<Written> written = new ArrayList<>();
    List<Long> batchEnds = new ArrayList<>(); // offset after each data batch
    Map<Integer, Boolean> committed = new HashMap<>(); // txn -> committed (absent: unfinished)
    long durable = 0; // every offset below is durable
    long endBeforeCrash;
    Path image;
    try (FileLogEngine log = FileLogEngine.open(dir, cfg, false,
        powerLossOf.channels(), flusher)) {
      log.createTopic("t", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(1024).withDeleteRetention(Duration.ofMillis(DELETE_RETENTION)));
      TransactionalWriter[] writers = {log.initTransactions("a"), log.initTransactions("b")};
      int[] openTxn = {-1, -1}; // per writer: its open transaction, or -1
      boolean[] wrote = new boolean[2];
      int nextTxn = 0;
      for (int i = 0; i < ops; i++) {
        clock.advance(rnd.nextInt(60));
        int op = rnd.nextInt(20);
        int wi = rnd.nextInt(2);
        if (op < 7) { // a plain append, or one into a writer's open transaction
          List<LogRecord> batch = batch(rnd, i);
          boolean inTxn = openTxn[wi] >= 0 && rnd.nextBoolean();
          long base = inTxn ? writers[wi].append(TP, batch) : log.append(TP, batch);
          wrote[wi] |= inTxn;
          for (int j = 0; j < batch.size(); j++) {
            written.add(new Written(StoredRecord.at(base + j, batch.get(j)),
                inTxn ? openTxn[wi] : PLAIN));
          }
          batchEnds.add(base + batch.size());
        } else if (op < 10) {
          if (openTxn[wi] < 0) {
            writers[wi].beginTransaction();
            openTxn[wi] = nextTxn++;
            wrote[wi] = false;
          } else {
            long end = log.endOffset(TP);
            boolean commit = rnd.nextInt(3) > 0;
            if (commit) {
              writers[wi].commitTransaction();
              if (wrote[wi]) {
                durable = end; // the commit fsynced the partition up to its marker
              }
            } else {
              writers[wi].abortTransaction();
            }
            committed.put(openTxn[wi], commit);
            openTxn[wi] = -1;
          }
        } else if (op < 12) {
          flusher.runHeld();
        } else if (op < 13) {
          long end = log.endOffset(TP);
          log.flush();
          durable = end;
        } else if (op < 15) {
          Compactor.compact(log.partitionLog(TP), clock.millis(), rnd.nextInt(4),
              rnd.nextBoolean() ? Compactor.MAX_INDEX_BYTES : 1); // or a segment a pass
        }
      }
      if (rnd.nextBoolean()) {
        flusher.runHeld();
      }
      endBeforeCrash = log.endOffset(TP);
      image = powerLoss ? powerLossOf.image(dir, rnd) : TempDirs.snapshot(dir);
    }
    Statistics.label("crash").collect(powerLoss ? "power loss" : "process crash");

    TreeSet<Long> candidates = new TreeSet<>(); // where the surviving plain data may end
    if (powerLoss) {
      candidates.add(durable);
      for (long end : batchEnds) {
        if (end > durable) {
          candidates.add(end);
        }
      }
    } else { // a process crash loses nothing that was written
      candidates.add(Math.max(durable, batchEnds.isEmpty() ? 0 : batchEnds.get(
          batchEnds.size() - 1)));
    }
    long cut;
    try (FileLog log = FileLog.open(image, cfg)) {
      List<StoredRecord> read = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      cut = matchingCut(read, written, committed, candidates);
      assertEquals(log.endOffset(TP), log.lastStableOffset(TP), "no transaction left open");
      assertTrue(log.endOffset(TP) >= durable, "end offset " + log.endOffset(TP)
          + " went below the durable offset " + durable);
      long next = log.append(TP, List.of(LogRecord.of("after".getBytes(), "crash".getBytes(),
          1)));
      assertTrue(next >= durable, "offset " + next + " handed out again");
      log.flush();
      clock.advance(DELETE_RETENTION + 1);
      Compactor.compact(((FileLogEngine) log).partitionLog(TP), clock.millis());
      List<StoredRecord> compacted = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      checkLatest(compacted.subList(0, compacted.size() - 1), expected(written, committed, cut));
    }
    try (FileLog log = FileLog.open(image, cfg)) { // and the same again after a clean reopen
      List<StoredRecord> read = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      checkLatest(read.subList(0, read.size() - 1), expected(written, committed, cut));
    }
    assertTrue(endBeforeCrash >= durable);
    TempDirs.delete(dir);
    TempDirs.delete(image);
  }

  private static List<LogRecord> batch(Random rnd, int op) {
    List<LogRecord> batch = new ArrayList<>();
    for (int j = 0, n = 1 + rnd.nextInt(4); j < n; j++) {
      byte[] value = rnd.nextInt(6) == 0 ? null
          : ("v" + op + "." + j + "-" + "y".repeat(rnd.nextInt(80))).getBytes();
      batch.add(LogRecord.of(("k" + rnd.nextInt(10)).getBytes(), value, op));
    }
    return batch;
  }

  /** The log as written with its plain data cut at {@code cut}. */
  private static List<StoredRecord> expected(List<Written> written,
      Map<Integer, Boolean> committed, long cut) {
    List<StoredRecord> out = new ArrayList<>();
    for (Written w : written) {
      boolean visible = w.txn() == PLAIN ? w.record().offset() < cut
          : committed.getOrDefault(w.txn(), false);
      if (visible) {
        out.add(w.record());
      }
    }
    return out;
  }

  /** Finds a cut of the plain data that explains what was read; fails if there is none. */
  private static long matchingCut(List<StoredRecord> read, List<Written> written,
      Map<Integer, Boolean> committed, TreeSet<Long> candidates) {
    AssertionError last = null;
    for (long cut : candidates.descendingSet()) {
      try {
        checkLatest(read, expected(written, committed, cut));
        return cut;
      } catch (AssertionError e) {
        last = e;
      }
    }
    fail("no cut of the plain data at " + candidates + " explains what was read: "
        + last.getMessage(), last);
    return -1;
  }

  /**
   * Every record read is one of {@code expected} at its offset, and the latest record of every
   * key is the expected latest one, or nothing where that is a tombstone that may have expired.
   */
  private static void checkLatest(List<StoredRecord> read, List<StoredRecord> expected) {
    Map<Long, StoredRecord> byOffset = new HashMap<>();
    Map<String, StoredRecord> latestExpected = new HashMap<>();
    for (StoredRecord r : expected) {
      byOffset.put(r.offset(), r);
      latestExpected.put(new String(r.key()), r);
    }
    Map<String, StoredRecord> latestRead = new HashMap<>();
    for (StoredRecord r : read) {
      assertEquals(byOffset.get(r.offset()), r, "record at offset " + r.offset());
      latestRead.put(new String(r.key()), r);
    }
    for (Map.Entry<String, StoredRecord> e : latestExpected.entrySet()) {
      StoredRecord got = latestRead.get(e.getKey());
      if (got == null && e.getValue().value() == null) {
        continue; // a tombstone past its delete retention, compacted away
      }
      assertEquals(e.getValue(), got, "latest record of key " + e.getKey());
    }
    assertTrue(latestExpected.keySet().containsAll(latestRead.keySet()));
  }
}
