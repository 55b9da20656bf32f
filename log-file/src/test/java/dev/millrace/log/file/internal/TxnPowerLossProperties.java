package dev.millrace.log.file.internal;

import static dev.millrace.log.file.internal.CrashRecoveryProperties.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The commit protocol across partitions under a {@link PowerLoss}: two producers' transactions
 * over two partitions with consumer offsets, plain appends and offset commits in between, segment
 * rolls whose flushes are held back and released at random. After reopening, each partition
 * reads, {@code read_committed}, exactly its plain records up to some point at or after what was
 * acknowledged durable plus every record of every transaction whose commit returned, at their
 * offsets; nothing of an aborted or unfinished transaction; the group offsets are those the
 * committed transactions and synced offset commits left, in order; no transaction stays open.
 */
class TxnPowerLossProperties {
  private static final int PARTITIONS = 2;

  /** A data batch as written: partition, base offset, records, and its transaction or -1. */
  record Written(int partition, long base, List<LogRecord> records, int txn) {}

  /** What a random workload wrote and what it was told, for the checks after a crash. */
  static final class Workload {
    final List<Written> written = new ArrayList<>();
    final Map<Integer, Boolean> decided = new HashMap<>(); // txn -> committed
    final Map<TopicPartition, Long> groupOffsets = new HashMap<>(); // of commits that returned
    final Map<TopicPartition, Long> plainGroupOffsets = new HashMap<>();
    final long[] durable = new long[PARTITIONS]; // per partition, every offset below is durable
    final long[] deletedBefore = new long[PARTITIONS]; // per partition, by deleteRecordsBefore

    /**
     * Two producers' transactions over the partitions with consumer offsets, plain appends,
     * offset commits, flushes, held-back segment flushes released at random, records deleted
     * from the front and retention by bytes.
     */
    static Workload run(Random rnd, int ops, FileLogEngine log, HeldFlusher flusher)
        throws IOException {
      Workload m = new Workload();
      Map<Integer, Map<TopicPartition, Long>> txnOffsets = new HashMap<>();
      TransactionalWriter[] writers = {log.initTransactions("a"), log.initTransactions("b")};
      int[] openTxn = {-1, -1};
      List<List<Integer>> touched = List.of(new ArrayList<>(), new ArrayList<>());
      int nextTxn = 0;
      for (int i = 0; i < ops; i++) {
        int op = rnd.nextInt(20);
        int wi = rnd.nextInt(2);
        int p = rnd.nextInt(PARTITIONS);
        TopicPartition tp = TopicPartition.of("t", p);
        if (op < 8) {
          List<LogRecord> batch = CrashRecoveryProperties.randomBatches(rnd, 1).get(0);
          boolean inTxn = openTxn[wi] >= 0 && rnd.nextInt(3) > 0;
          long base = inTxn ? writers[wi].append(tp, batch) : log.append(tp, batch);
          m.written.add(new Written(p, base, batch, inTxn ? openTxn[wi] : -1));
          if (inTxn) {
            touched.get(wi).add(p);
          }
        } else if (op < 12) {
          if (openTxn[wi] < 0) {
            writers[wi].beginTransaction();
            openTxn[wi] = nextTxn++;
            touched.get(wi).clear();
          } else {
            boolean commit = rnd.nextInt(3) > 0;
            long[] ends = ends(log);
            if (commit) {
              writers[wi].commitTransaction();
              for (int q : touched.get(wi)) {
                m.durable[q] = Math.max(m.durable[q], ends[q]); // fsynced before the commit
              }
              m.groupOffsets.putAll(txnOffsets.getOrDefault(openTxn[wi], Map.of()));
            } else {
              writers[wi].abortTransaction();
            }
            m.decided.put(openTxn[wi], commit);
            openTxn[wi] = -1;
          }
        } else if (op < 14) {
          long offset = rnd.nextInt(1000);
          if (openTxn[wi] >= 0) {
            writers[wi].addOffsets("g", Map.of(tp, offset));
            txnOffsets.computeIfAbsent(openTxn[wi], k -> new LinkedHashMap<>()).put(tp, offset);
          } else {
            log.commitOffsets("plain", Map.of(tp, offset)); // fsynced by default
            m.plainGroupOffsets.put(tp, offset);
          }
        } else if (op < 16) {
          flusher.runHeld();
        } else if (op < 17) {
          long[] ends = ends(log);
          log.flush();
          for (int q = 0; q < PARTITIONS; q++) {
            m.durable[q] = Math.max(m.durable[q], ends[q]);
          }
        } else if (op < 18) {
          long stable = log.lastStableOffset(tp);
          long start = log.beginningOffset(tp);
          long before = start + (long) (rnd.nextDouble() * (stable - start + 1));
          log.deleteRecordsBefore(tp, before); // its new start offset is fsynced at once
          m.deletedBefore[p] = Math.max(m.deletedBefore[p], before);
        } else if (op < 19) {
          log.runCleaner(); // retention by bytes: whole segments, oldest first
        }
      }
      return m;
    }

    private static long[] ends(FileLog log) {
      long[] ends = new long[PARTITIONS];
      for (int q = 0; q < PARTITIONS; q++) {
        ends[q] = log.endOffset(TopicPartition.of("t", q));
      }
      return ends;
    }
  }

  private static final FileLogConfig CONFIG =
      FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
  private static final TopicConfig TOPIC =
      TopicConfig.partitions(PARTITIONS).withSegmentBytes(1024).withRetentionBytes(6 * 1024);
  private static final List<TopicPartition> ALL =
      List.of(TopicPartition.of("t", 0), TopicPartition.of("t", 1));

  private static FileLogEngine open(Path dir, PowerLoss powerLoss, HeldFlusher flusher) {
    return FileLogEngine.open(dir, CONFIG, false, powerLoss.channels(), flusher);
  }

  @Property(tries = 60)
  void committedTransactionsAndTheirOffsetsSurviveAPowerLoss(@ForAll long seed,
      @ForAll @IntRange(min = 10, max = 150) int ops) throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    PowerLoss powerLoss = new PowerLoss();
    HeldFlusher flusher = new HeldFlusher();
    Workload m;
    Path image;
    try (FileLogEngine log = open(dir, powerLoss, flusher)) {
      log.createTopic("t", TOPIC);
      m = Workload.run(rnd, ops, log, flusher);
      image = powerLoss.image(dir, rnd);
    }

    try (FileLog log = FileLog.open(image, CONFIG)) {
      for (int p = 0; p < PARTITIONS; p++) {
        TopicPartition tp = TopicPartition.of("t", p);
        List<StoredRecord> read = readAll(log, tp, IsolationLevel.READ_COMMITTED);
        long start = log.beginningOffset(tp);
        assertTrue(start >= m.deletedBefore[p], "records deleted before " + m.deletedBefore[p]
            + " are gone for good, the log starts at " + start);
        matchCut(p, read, m.written, m.decided, m.durable[p], start);
        assertEquals(log.endOffset(tp), log.lastStableOffset(tp), "no transaction left open");
        assertTrue(log.endOffset(tp) >= m.durable[p], "durable offsets are never reused");
      }
      assertEquals(m.groupOffsets, log.committedOffsets("g", ALL));
      assertEquals(m.plainGroupOffsets, log.committedOffsets("plain", ALL));
      TransactionalWriter w = log.initTransactions("a"); // the log keeps working
      w.beginTransaction();
      w.append(TopicPartition.of("t", 0), List.of(LogRecord.of(null, "after".getBytes(), 1)));
      w.commitTransaction();
    }
    TempDirs.delete(dir);
    TempDirs.delete(image);
  }

  /**
   * A process crash leaves unsynced data in the page cache, and recovery serves it. The first
   * sync after recovery makes it durable, so a power loss after that loses none of it: what the
   * recovered log read, the log reads after the power loss too.
   */
  @Property(tries = 30)
  void whatRecoveryServesIsDurableAfterItsFirstSync(@ForAll long seed,
      @ForAll @IntRange(min = 10, max = 150) int ops) throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    PowerLoss powerLoss = new PowerLoss();
    HeldFlusher flusher = new HeldFlusher();
    Path crashed;
    PowerLoss afterRecovery;
    try (FileLogEngine log = open(dir, powerLoss, flusher)) {
      log.createTopic("t", TOPIC);
      Workload.run(rnd, ops, log, flusher);
      crashed = TempDirs.snapshot(dir); // a process crash: the page cache survives
      afterRecovery = powerLoss.continuedIn(dir, crashed); // before close() syncs the original
    }
    Map<Integer, List<StoredRecord>> served = new HashMap<>();
    Map<TopicPartition, Long> offsets;
    Path image;
    try (FileLogEngine log = open(crashed, afterRecovery, new HeldFlusher())) {
      for (int p = 0; p < PARTITIONS; p++) {
        served.put(p, readAll(log, TopicPartition.of("t", p), IsolationLevel.READ_COMMITTED));
      }
      offsets = log.committedOffsets("g", ALL);
      log.flush();
      image = afterRecovery.image(crashed, rnd);
    }
    try (FileLog log = FileLog.open(image, CONFIG)) {
      for (int p = 0; p < PARTITIONS; p++) {
        assertEquals(served.get(p), readAll(log, TopicPartition.of("t", p),
            IsolationLevel.READ_COMMITTED), "partition " + p);
      }
      assertEquals(offsets, log.committedOffsets("g", ALL));
    }
    TempDirs.delete(dir);
    TempDirs.delete(crashed);
    TempDirs.delete(image);
  }

  /**
   * Checks that partition {@code p} reads exactly its plain records before some cut at or after
   * {@code durable} (the end of a plain batch) and the records of its committed transactions,
   * from its beginning offset {@code start} on.
   */
  private static void matchCut(int p, List<StoredRecord> read, List<Written> written,
      Map<Integer, Boolean> decided, long durable, long start) {
    TreeSet<Long> cuts = new TreeSet<>(List.of(durable));
    for (Written w : written) {
      if (w.partition() == p && w.txn() < 0 && w.base() + w.records().size() > durable) {
        cuts.add(w.base() + w.records().size());
      }
    }
    for (long cut : cuts) {
      List<StoredRecord> expected = new ArrayList<>();
      for (Written w : written) {
        boolean visible = w.partition() == p && (w.txn() < 0
            ? w.base() + w.records().size() <= cut : decided.getOrDefault(w.txn(), false));
        for (int i = 0; visible && i < w.records().size(); i++) {
          if (w.base() + i >= start) {
            expected.add(StoredRecord.at(w.base() + i, w.records().get(i)));
          }
        }
      }
      expected.sort(java.util.Comparator.comparingLong(StoredRecord::offset));
      if (expected.equals(read)) {
        return;
      }
    }
    fail("partition " + p + ": no cut of its plain data at or after " + durable + " " + cuts
        + " explains what was read: " + read.stream().map(StoredRecord::offset).toList());
  }
}
