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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Segments written by compaction, scanned by recovery as if they had never been indexed (their
 * index files are renamed into place without fsync, so a power loss may take them). Examples of
 * what {@link CompactionCrashProperties} checks at random.
 */
class CompactionRecoveryTest {
  static final TopicPartition TP = TopicPartition.of("t", 0);

  private static FileLogConfig quiet() {
    return FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
  }

  private static void deleteIndexFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("topics/t/0"))) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith("index")) {
          Files.delete(f);
        }
      }
    }
  }

  private static void commit(TransactionalWriter w, String key, String value) {
    w.beginTransaction();
    w.append(TP, List.of(LogRecord.of(key.getBytes(), (value + "-" + "x".repeat(60)).getBytes(),
        1)));
    w.commitTransaction();
  }

  @Test
  void committedDataOfACompactedSegmentStaysVisibleWhenItsIndexFilesAreLost()
      throws IOException {
    Path dir = TempDirs.newDir();
    List<StoredRecord> before;
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(1024));
      TransactionalWriter w = log.initTransactions("tx");
      for (int i = 0; i < 40; i++) {
        commit(w, "k" + i % 5, "v" + i);
      }
      log.flush();
      assertTrue(Compactor.compact(((FileLogEngine) log).partitionLog(TP), 0) > 0);
      before = readAll(log, TP, IsolationLevel.READ_COMMITTED);
    }
    deleteIndexFiles(dir); // recovery scans every segment, the compacted ones included
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(before, readAll(log, TP, IsolationLevel.READ_COMMITTED),
          "the markers compaction dropped do not reopen the transactions they closed");
      assertEquals(log.endOffset(TP), log.lastStableOffset(TP));
    }
    TempDirs.delete(dir);
  }

  @Test
  void aCompactedSegmentWhoseLastRecordsWereDroppedStillEndsWhereItEnded() throws IOException {
    Path dir = TempDirs.newDir();
    List<StoredRecord> before;
    long end;
    int segments;
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(1024));
      PartitionLog p = ((FileLogEngine) log).partitionLog(TP);
      for (int i = 0; p.segments().length < 4; i++) { // every key comes back in the next segment
        log.append(TP, List.of(LogRecord.of(("k" + i % 10).getBytes(),
            ("v" + i + "-" + "x".repeat(60)).getBytes(), i)));
      }
      log.flush();
      assertTrue(Compactor.compact(p, 0) > 0);
      before = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      end = log.endOffset(TP);
      segments = p.segments().length;
    }
    deleteIndexFiles(dir); // recovery scans every segment and checks they follow each other
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(segments, ((FileLogEngine) log).partitionLog(TP).segments().length);
      assertEquals(before, readAll(log, TP, IsolationLevel.READ_COMMITTED));
      assertEquals(end, log.endOffset(TP));
    }
    TempDirs.delete(dir);
  }

  /**
   * The clean part outlives a restart: segments compaction wrote say so in their headers, so the
   * first pass after a reopen indexes only what was written since (and segments compaction found
   * nothing to drop in are written once anyway, to carry the mark).
   */
  @Test
  void theCleanPartIsKnownAgainAfterAReopen() throws IOException {
    Path dir = TempDirs.newDir();
    long sealedEnd;
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(1024));
      PartitionLog p = ((FileLogEngine) log).partitionLog(TP);
      for (int i = 0; p.segments().length < 6; i++) { // the last segments hold latest values only
        log.append(TP, List.of(LogRecord.of(("k" + i % 25).getBytes(),
            ("v" + i + "-" + "x".repeat(60)).getBytes(), i)));
      }
      log.flush();
      Compactor.compact(p, 0);
      Segment[] segs = p.segments();
      sealedEnd = segs[segs.length - 1].baseOffset;
      for (int i = 0; i < segs.length - 1; i++) {
        assertTrue(segs[i].compacted, segs[i] + " carries the mark");
      }
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(sealedEnd, ((FileLogEngine) log).partitionLog(TP).compactedThrough);
    }
    TempDirs.delete(dir);
  }

  /**
   * A tombstone whose delete retention ran out while the log was closed goes at the first pass
   * after the open, though nothing new was written: that pass runs whatever the dirty share.
   */
  @Test
  void theFirstPassAfterAnOpenExpiresTombstonesThatCameDue() throws IOException {
    Path dir = TempDirs.newDir();
    MutableClock clock = new MutableClock(1_000_000);
    FileLogConfig cfg = quiet().withClock(clock);
    try (FileLog log = FileLog.open(dir, cfg)) {
      log.createTopic("t", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(1024).withDeleteRetention(Duration.ofMillis(500)));
      log.append(TP, List.of(LogRecord.of("gone".getBytes(), null, 1)));
      PartitionLog p = ((FileLogEngine) log).partitionLog(TP);
      for (int i = 0; p.segments().length < 3; i++) {
        log.append(TP, List.of(LogRecord.of(("k" + i).getBytes(), "x".repeat(60).getBytes(), i)));
      }
      log.flush();
      Compactor.compact(p, clock.millis()); // the tombstone is young: it stays
      assertEquals("gone", new String(readAll(log, TP, IsolationLevel.READ_COMMITTED).get(0)
          .key()));
    }
    clock.advance(501);
    try (FileLog log = FileLog.open(dir, cfg)) {
      ((FileLogEngine) log).runCleaner();
      assertTrue(readAll(log, TP, IsolationLevel.READ_COMMITTED).stream()
          .noneMatch(r -> new String(r.key()).equals("gone")), "the tombstone expired");
    }
    TempDirs.delete(dir);
  }
}
