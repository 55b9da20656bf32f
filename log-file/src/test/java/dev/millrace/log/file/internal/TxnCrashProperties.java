package dev.millrace.log.file.internal;

import static dev.millrace.log.file.internal.CrashRecoveryProperties.TP;
import static dev.millrace.log.file.internal.CrashRecoveryProperties.onlySegment;
import static dev.millrace.log.file.internal.CrashRecoveryProperties.randomBatches;
import static dev.millrace.log.file.internal.CrashRecoveryProperties.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.file.TempDirs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Crash recovery of transactions. Random plain appends, committed, aborted and unfinished
 * transactions; then the segment is cut anywhere after the last fsync (which may remove commit
 * and abort markers written after the commit point). After reopening, {@code read_committed}
 * shows exactly the intact plain batches and every committed transaction, each record at its
 * original offset, never aborted or unfinished data; the group offsets committed with the
 * transactions are there; and no transaction is left open.
 */
class TxnCrashProperties {
  private static final int MARKER_SIZE = Batch.sizeOf(Batch.markerRecords(true, 0, 0));

  /** A data batch as the model sees it. */
  record Written(long end, long base, List<LogRecord> records, int kind) {}

  static final int PLAIN = 0;
  static final int COMMITTED = 1;
  static final int ABORTED = 2;
  static final int UNFINISHED = 3;

  @Property(tries = 40)
  void committedTransactionsSurviveACutAfterTheirCommitPoint(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 20) int ops) throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    FileLogConfig cfg = FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
    List<Written> written = new ArrayList<>();
    long pos = Segment.FIXED_HEADER + 4;
    long durable = pos;
    long lastCommittedGroupOffset = -1;
    try (FileLog log = FileLog.open(dir, cfg)) {
      log.createTopic("t", TopicConfig.partitions(1));
      TransactionalWriter w = log.initTransactions("tx");
      List<List<LogRecord>> batches = randomBatches(rnd, ops);
      for (int i = 0; i < batches.size(); i++) {
        List<LogRecord> batch = batches.get(i);
        int kind = i == batches.size() - 1 ? rnd.nextInt(4) : rnd.nextInt(3);
        long base;
        if (kind == PLAIN) {
          base = log.append(TP, batch);
          pos += Batch.sizeOf(batch);
          if (rnd.nextBoolean()) {
            log.flush();
            durable = pos;
          }
        } else {
          w.beginTransaction();
          base = w.append(TP, batch);
          pos += Batch.sizeOf(batch);
          if (kind == COMMITTED) {
            w.addOffsets("g", Map.of(TP, base + batch.size()));
            w.commitTransaction();
            durable = pos; // fsynced before the commit point, the marker after it
            lastCommittedGroupOffset = base + batch.size();
            pos += MARKER_SIZE;
          } else if (kind == ABORTED) {
            w.abortTransaction();
            pos += MARKER_SIZE;
          }
        }
        written.add(new Written(pos, base, batch, kind));
      }
      // an unfinished transaction stays open: close() leaves it for the next open to abort
    }
    Path seg = onlySegment(dir);
    long cut = durable + (long) (rnd.nextDouble() * (pos - durable + 1));
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(cut);
    }
    List<StoredRecord> expected = new ArrayList<>();
    for (Written b : written) {
      long dataEnd = b.end() - (b.kind() == COMMITTED || b.kind() == ABORTED ? MARKER_SIZE : 0);
      boolean intact = dataEnd <= cut;
      if ((b.kind() == PLAIN && intact) || b.kind() == COMMITTED) {
        for (int i = 0; i < b.records().size(); i++) {
          expected.add(StoredRecord.at(b.base() + i, b.records().get(i)));
        }
      }
    }
    try (FileLog log = FileLog.open(dir, cfg)) {
      assertEquals(expected, readAll(log, TP, IsolationLevel.READ_COMMITTED));
      assertEquals(log.endOffset(TP), log.lastStableOffset(TP), "no transaction left open");
      if (lastCommittedGroupOffset >= 0) {
        assertEquals(Map.of(TP, lastCommittedGroupOffset), log.committedOffsets("g",
            List.of(TP)));
      }
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction(); // the log keeps working after recovery
      w.append(TP, List.of(LogRecord.of(null, "after".getBytes(), 1)));
      w.commitTransaction();
    }
    try (FileLog log = FileLog.open(dir, cfg)) {
      List<StoredRecord> all = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      assertEquals(expected, all.subList(0, all.size() - 1), "stable across another reopen");
    }
    TempDirs.delete(dir);
  }
}
