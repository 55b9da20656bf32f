package dev.millrace.log.file.internal;

import static dev.millrace.log.file.internal.CrashRecoveryProperties.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Segment roll by size and age, the fsync policies, and the background cleaner. */
class SegmentPolicyTest {
  static final TopicPartition TP = TopicPartition.of("t", 0);

  private static List<LogRecord> batch(int n, int valueBytes, String key) {
    List<LogRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(LogRecord.of(key == null ? null : key.getBytes(), new byte[valueBytes], i));
    }
    return out;
  }

  private static FileLogConfig quiet() {
    return FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
  }

  @Test
  void rollsBySizeKeepingSealedSegmentsWithinTheLimit() throws IOException {
    Path dir = TempDirs.newDir();
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1).withSegmentBytes(1024));
      for (int i = 0; i < 40; i++) {
        log.append(TP, batch(2, 50, "k"));
      }
      List<long[]> segs = CleanerProperties.segments(dir);
      assertTrue(segs.size() > 5, "segments: " + segs.size());
      for (int i = 0; i < segs.size() - 1; i++) {
        assertTrue(segs.get(i)[1] <= 1024, "sealed segment " + i + " is " + segs.get(i)[1]);
        assertEquals(segs.get(i + 1)[0] - segs.get(i)[0] > 0, true);
      }
      assertEquals(80, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED).size());
    }
    TempDirs.delete(dir);
  }

  @Test
  void deleteRecordsBeforeDropsWholeSegmentsAndSurvivesReopen() throws IOException {
    Path dir = TempDirs.newDir();
    long cut;
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1).withSegmentBytes(1024));
      for (int i = 0; i < 40; i++) {
        log.append(TP, batch(2, 50, "k"));
      }
      List<long[]> before = CleanerProperties.segments(dir);
      cut = before.get(3)[0] + 1; // inside the fourth segment
      log.deleteRecordsBefore(TP, cut);
      assertEquals(cut, log.beginningOffset(TP));
      List<long[]> after = CleanerProperties.segments(dir);
      assertEquals(before.size() - 3, after.size(), "the three segments below were deleted");
      assertEquals(80 - cut, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED).size());
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(cut, log.beginningOffset(TP), "the beginning offset is durable");
      List<StoredRecord> all = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
      assertEquals(cut, all.get(0).offset());
      assertEquals(80 - cut, all.size());
    }
    TempDirs.delete(dir);
  }

  @Test
  void rollsByAgeOnTheConfiguredClock() throws IOException {
    Path dir = TempDirs.newDir();
    MutableClock clock = new MutableClock(5_000);
    try (FileLog log = FileLog.open(dir, quiet().withClock(clock))) {
      log.createTopic("t", TopicConfig.partitions(1).withSegmentAge(Duration.ofSeconds(1)));
      log.append(TP, batch(1, 10, null));
      clock.advance(999);
      log.append(TP, batch(1, 10, null));
      assertEquals(1, CleanerProperties.segments(dir).size(), "younger than the age limit");
      clock.advance(1);
      log.append(TP, batch(1, 10, null));
      assertEquals(2, CleanerProperties.segments(dir).size(), "rolled at the age limit");
      assertEquals(2, CleanerProperties.segments(dir).get(1)[0], "new segment's base offset");
    }
    TempDirs.delete(dir);
  }

  @Test
  void syncPoliciesDecideWhenAppendsBecomeDurable() {
    Path dir = TempDirs.newDir();
    try (FileLog log = FileLog.open(dir, quiet().withSyncEveryBytes(2000))) {
      log.createTopic("t", TopicConfig.partitions(1));
      PartitionLog p = ((FileLogEngine) log).partitionLog(TP);
      log.append(TP, batch(5, 100, null));
      assertTrue(p.unsyncedBytes() > 0 && p.unsyncedBytes() < 2000);
      while (p.unsyncedBytes() > 0) { // below the limit the bytes accumulate, then one fsync
        long before = p.unsyncedBytes();
        log.append(TP, batch(5, 100, null));
        assertTrue(p.unsyncedBytes() == 0 || p.unsyncedBytes() > before);
      }
    }
    dir = TempDirs.newDir();
    try (FileLog log = FileLog.open(dir, quiet().withSyncEveryAppend(true))) {
      log.createTopic("t", TopicConfig.partitions(1));
      log.append(TP, batch(1, 10, null));
      assertEquals(0, ((FileLogEngine) log).partitionLog(TP).unsyncedBytes());
    }
    dir = TempDirs.newDir();
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1));
      PartitionLog p = ((FileLogEngine) log).partitionLog(TP);
      log.append(TP, batch(1, 10, null));
      assertTrue(p.unsyncedBytes() > 0, "default: plain appends wait for a commit or flush");
      log.flush();
      assertEquals(0, p.unsyncedBytes());
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction();
      w.append(TP, batch(1, 10, null));
      assertTrue(p.unsyncedBytes() > 0);
      w.commitTransaction();
      assertEquals(Batch.sizeOf(Batch.markerRecords(true, 0, 0)), p.unsyncedBytes(),
          "the commit synced the data; only the marker, after the commit point, is unsynced");
    }
    dir = TempDirs.newDir();
    try (FileLog log = FileLog.open(dir, quiet().withSyncOnCommit(false))) {
      log.createTopic("t", TopicConfig.partitions(1));
      PartitionLog p = ((FileLogEngine) log).partitionLog(TP);
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction();
      w.append(TP, batch(1, 10, null));
      long before = p.unsyncedBytes();
      w.commitTransaction();
      assertTrue(p.unsyncedBytes() > before, "no fsync at commit when syncOnCommit is off");
    }
  }

  @Test
  @Timeout(30)
  void periodicSyncAndBackgroundCompactionRunWhileAppendsContinue() throws Exception {
    Path dir = TempDirs.newDir();
    FileLogConfig cfg = FileLogConfig.defaults().withSyncInterval(Duration.ofMillis(20))
        .withCleanerInterval(Duration.ofMillis(20));
    try (FileLog log = FileLog.open(dir, cfg)) {
      log.createTopic("c", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(1024));
      TopicPartition tp = TopicPartition.of("c", 0);
      PartitionLog p = ((FileLogEngine) log).partitionLog(tp);
      for (int i = 0; i < 20; i++) {
        log.append(tp, batch(3, 40, "same-key"));
      }
      log.createTopic("d", TopicConfig.partitions(1));
      List<long[]> segs = CleanerProperties.segments(dir, "c");
      long activeBase = segs.get(segs.size() - 1)[0];
      assertTrue(activeBase > 0, "several segments");
      while (true) { // appends elsewhere go on while the cleaner works
        log.append(TopicPartition.of("d", 0), batch(3, 40, "other"));
        long inCleanedRange = readAll(log, tp, IsolationLevel.READ_COMMITTED).stream()
            .filter(r -> r.offset() < activeBase).count();
        if (inCleanedRange <= 1) {
          break; // the cleaner compacted the sealed range down to the latest record
        }
        Thread.sleep(5);
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (p.unsyncedBytes() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(0, p.unsyncedBytes(), "the periodic fsync ran");
    }
    TempDirs.delete(dir);
  }
}
