package dev.millrace.log.file.internal;

import static dev.millrace.log.file.internal.CrashRecoveryProperties.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.file.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sealed segments reach the disk on the flusher, not on the appending thread: what waits for
 * them (a sync, a close), what may overtake them (retention, compaction), and what a failed
 * background fsync does.
 */
class BackgroundFlushTest {
  private static final TopicPartition TP = TopicPartition.of("t", 0);
  private static final TopicConfig SMALL_SEGMENTS = TopicConfig.partitions(1)
      .withSegmentBytes(1024);

  private static FileLogConfig quiet() {
    return FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
  }

  private static FileLogEngine open(Path dir, HeldFlusher flusher) {
    return FileLogEngine.open(dir, quiet(), false, ChannelFactory.DEFAULT, flusher);
  }

  private static List<LogRecord> batch(int i) {
    return List.of(LogRecord.of(("k" + i % 3).getBytes(), new byte[200], i));
  }

  /** Appends until the partition has at least {@code sealed} sealed segments. */
  private static int appendUntilSealed(FileLog log, int sealed) {
    int n = 0;
    while (segments(log).length <= sealed) {
      log.append(TP, batch(n++));
    }
    return n;
  }

  private static Segment[] segments(FileLog log) {
    return ((FileLogEngine) log).partitionLog(TP).segments();
  }

  private static Segment[] sealed(FileLog log) {
    Segment[] all = segments(log);
    return Arrays.copyOf(all, all.length - 1);
  }

  private static boolean hasSideFiles(Segment s) {
    return Files.exists(s.offsetIndexFile()) && Files.exists(s.timeIndexFile())
        && Files.exists(s.txnIndexFile());
  }

  @Test
  @Timeout(30)
  void sealedSegmentsAreFlushedInTheBackground() throws InterruptedException {
    Path dir = TempDirs.newDir();
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", SMALL_SEGMENTS);
      appendUntilSealed(log, 4);
      for (Segment s : sealed(log)) {
        while (!s.flushed) {
          Thread.sleep(5);
        }
        assertTrue(hasSideFiles(s), s + " has its side files once flushed");
      }
      assertFalse(hasSideFiles(segments(log)[sealed(log).length]), "never for the active one");
    }
    TempDirs.delete(dir);
  }

  @Test
  void aSyncFirstFlushesEverySealedSegmentSoTheDurablePartIsAPrefix() {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    try (FileLog log = open(dir, flusher)) {
      log.createTopic("t", SMALL_SEGMENTS);
      appendUntilSealed(log, 3);
      assertEquals(3, flusher.held(), "each roll asks for one flush");
      for (Segment s : sealed(log)) {
        assertFalse(s.flushed || hasSideFiles(s), s + " waits for the flusher");
      }
      log.flush();
      for (Segment s : sealed(log)) {
        assertTrue(s.flushed && hasSideFiles(s), s + " was flushed by the sync");
      }
      flusher.runHeld(); // late flushes find nothing left to do
      log.append(TP, batch(0));
    }
    TempDirs.delete(dir);
  }

  @Test
  void closeFlushesWhatTheFlusherHasNotReached() {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    List<Path> indexes = new ArrayList<>();
    try (FileLog log = open(dir, flusher)) {
      log.createTopic("t", SMALL_SEGMENTS);
      appendUntilSealed(log, 3);
      for (Segment s : sealed(log)) {
        indexes.add(s.offsetIndexFile());
      }
    }
    for (Path index : indexes) {
      assertTrue(Files.exists(index), index + " written at close");
    }
    TempDirs.delete(dir);
  }

  @Test
  void aReaderProcessReadsSegmentsTheFlusherHasNotReachedAndWritesNothing() {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    try (FileLog log = open(dir, flusher)) {
      log.createTopic("t", SMALL_SEGMENTS);
      appendUntilSealed(log, 3);
      try (FileLog reader = FileLog.openReadOnly(dir)) {
        assertEquals(readAll(log, TP, IsolationLevel.READ_UNCOMMITTED),
            readAll(reader, TP, IsolationLevel.READ_UNCOMMITTED));
      }
      for (Segment s : sealed(log)) {
        assertFalse(hasSideFiles(s), "the reader left " + s + " to the writer's flusher");
      }
    }
    TempDirs.delete(dir);
  }

  @Test
  void aTopicDeletedWithFlushesPendingLeavesNothingBehind() {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    try (FileLog log = open(dir, flusher)) {
      log.createTopic("t", SMALL_SEGMENTS);
      appendUntilSealed(log, 3);
      Path partitionDir = segments(log)[0].file.getParent();
      log.deleteTopic("t");
      flusher.runHeld();
      assertFalse(Files.exists(partitionDir), "no side files recreated the deleted partition");
      log.createTopic("t", SMALL_SEGMENTS);
      assertEquals(0, log.append(TP, batch(0)), "the new topic starts afresh");
    }
    TempDirs.delete(dir);
  }

  @Test
  void retentionMayDeleteASegmentBeforeItIsFlushed() throws Exception {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    try (FileLogEngine log = open(dir, flusher)) {
      log.createTopic("t", SMALL_SEGMENTS.withRetentionBytes(1024));
      int appended = appendUntilSealed(log, 4);
      Segment oldest = segments(log)[0];
      log.runCleaner();
      assertTrue(log.beginningOffset(TP) > 0, "retention deleted the oldest segments");
      assertTrue(oldest.isRetired());
      flusher.runHeld();
      assertFalse(Files.exists(oldest.file));
      assertFalse(hasSideFiles(oldest), "no side files written for a deleted segment");
      log.append(TP, batch(appended));
      assertEquals(appended + 1, log.endOffset(TP));
    }
    TempDirs.delete(dir);
  }

  @Test
  void aFailedBackgroundFsyncStopsWritesNamingTheSegmentAndLosesNothingOnReopen() {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    AtomicBoolean syncFails = new AtomicBoolean();
    List<StoredRecord> written;
    Path failed;
    try (FileLog log = FileLogEngine.open(dir, quiet(), false,
        FaultyChannel.failingSync(syncFails), flusher)) {
      log.createTopic("t", SMALL_SEGMENTS);
      appendUntilSealed(log, 2);
      written = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
      failed = segments(log)[0].file;
      syncFails.set(true);
      flusher.runHeld();
      LogStorageException e = assertThrows(LogStorageException.class,
          () -> log.append(TP, batch(0)));
      assertTrue(e.getMessage().contains(failed.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("reopen"), e.getMessage());
      syncFails.set(false);
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(written, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED));
    }
    TempDirs.delete(dir);
  }

  @Test
  void compactionLeavesSegmentsTheFlusherHasNotReached() throws Exception {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    try (FileLogEngine log = open(dir, flusher)) {
      log.createTopic("t", SMALL_SEGMENTS.withCleanupPolicy(CleanupPolicy.COMPACT));
      appendUntilSealed(log, 4);
      PartitionLog p = log.partitionLog(TP);
      assertEquals(0, Compactor.compact(p, System.currentTimeMillis()));
      flusher.runHeld();
      assertTrue(Compactor.compact(p, System.currentTimeMillis()) > 0, "flushed: compactable");
    }
    TempDirs.delete(dir);
  }

  /**
   * A crash with a transaction open across segments the flusher never reached: recovery finds
   * it from the first unflushed segment's header on and aborts it; the committed transaction
   * before it, whose commit synced every segment it touched, stays.
   */
  @Test
  void transactionOpenAcrossUnflushedSegmentsIsAbortedOnRecovery() {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    Path crashed;
    List<StoredRecord> committed;
    try (FileLog log = open(dir, flusher)) {
      log.createTopic("t", SMALL_SEGMENTS);
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction();
      for (int i = 0; i < 12; i++) {
        w.append(TP, batch(i));
      }
      w.commitTransaction();
      committed = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      int sealedBefore = sealed(log).length;
      w.beginTransaction();
      for (int i = 0; i < 12; i++) {
        w.append(TP, batch(100 + i));
      }
      assertTrue(sealed(log).length >= sealedBefore + 2, "the open transaction spans segments");
      crashed = TempDirs.snapshot(dir);
    }
    try (FileLog log = FileLog.open(crashed, quiet())) {
      assertEquals(committed, readAll(log, TP, IsolationLevel.READ_COMMITTED));
      assertEquals(log.endOffset(TP), log.lastStableOffset(TP), "no transaction left open");
      assertEquals(committed.size() + 12, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED)
          .size(), "the aborted data stays in the log, skipped by read_committed");
    }
    TempDirs.delete(dir);
    TempDirs.delete(crashed);
  }

  /**
   * A power loss that leaves two unflushed segments damaged: the first cut short, the last with
   * a torn header. Recovery keeps the intact prefix of the first and drops both later segments.
   */
  @Test
  void aCutSegmentFollowedByATornOneIsRecoveredToTheCut() throws Exception {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    Path crashed;
    List<StoredRecord> written;
    Segment[] segs;
    try (FileLog log = open(dir, flusher)) {
      log.createTopic("t", SMALL_SEGMENTS);
      appendUntilSealed(log, 3);
      written = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
      segs = segments(log);
      crashed = TempDirs.snapshot(dir);
    }
    Path partition = crashed.resolve("topics/t/0");
    Path first = partition.resolve(segs[1].file.getFileName());
    long cutAt = segs[1].size - 10; // inside the last batch of the second segment
    try (var ch = java.nio.channels.FileChannel.open(first,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(cutAt);
    }
    Files.write(partition.resolve(segs[3].file.getFileName()), new byte[7]);
    try (FileLog log = FileLog.open(crashed, quiet())) {
      List<StoredRecord> kept = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
      assertEquals(written.subList(0, kept.size()), kept);
      assertEquals(segs[1].nextOffset - 1, log.endOffset(TP), "cut in the last batch");
      assertFalse(Files.exists(partition.resolve(segs[2].file.getFileName())));
      assertFalse(Files.exists(partition.resolve(segs[3].file.getFileName())));
    }
    TempDirs.delete(dir);
    TempDirs.delete(crashed);
  }

  /**
   * Index files only spare recovery a scan: a full disk while the flusher writes them leaves the
   * partition writable, leaves no temporary files, and the next open rebuilds them.
   */
  @Test
  void aFullDiskWhileWritingIndexFilesDoesNotStopWrites() throws Exception {
    Path dir = TempDirs.newDir();
    HeldFlusher flusher = new HeldFlusher();
    AtomicBoolean full = new AtomicBoolean(true);
    List<StoredRecord> written;
    try (FileLog log = FileLogEngine.open(dir, quiet(), false,
        FaultyChannel.factory(full, "index.tmp"), flusher)) {
      log.createTopic("t", SMALL_SEGMENTS);
      int n = appendUntilSealed(log, 3);
      flusher.runHeld();
      for (Segment s : sealed(log)) {
        assertTrue(s.flushed, s + " is durable");
        assertFalse(hasSideFiles(s), "the disk refused the index files of " + s);
      }
      log.append(TP, batch(n));
      log.flush();
      written = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
      full.set(false);
    }
    try (var files = Files.list(dir.resolve("topics/t/0"))) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary files");
    }
    try (FileLogEngine log = open(dir, new HeldFlusher())) {
      assertEquals(written, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED));
      log.flush(); // the recovered segments wait for the flusher, or for a sync
      for (Segment s : sealed(log)) {
        assertTrue(hasSideFiles(s), "rebuilt after open: " + s);
      }
    }
    TempDirs.delete(dir);
  }
}
