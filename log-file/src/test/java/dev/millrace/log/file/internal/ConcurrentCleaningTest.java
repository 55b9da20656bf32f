package dev.millrace.log.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.file.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Readers, one writer, segment rolls and a background cleaner compacting and swapping segments
 * all at once: every record a reader gets is the one written at that offset, offsets only grow,
 * and no read fails, so retiring and replacing segments never pulls a channel from under a read.
 */
class ConcurrentCleaningTest {
  private static final TopicPartition TP = TopicPartition.of("c", 0);

  private static String valueFor(long offset) {
    return "o" + offset + "-" + "p".repeat((int) (offset % 50));
  }

  @Test
  @Timeout(60)
  void readersStayCorrectWhileSegmentsRollAndCompact() throws Exception {
    Path dir = TempDirs.newDir();
    FileLogConfig cfg = FileLogConfig.defaults().withCleanerInterval(Duration.ofMillis(1))
        .withSyncOnCommit(false);
    try (FileLog log = FileLog.open(dir, cfg)) {
      log.createTopic("c", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(2048).withDeleteRetention(Duration.ZERO));
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong reads = new AtomicLong();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        IsolationLevel iso = r == 0 ? IsolationLevel.READ_UNCOMMITTED
            : IsolationLevel.READ_COMMITTED;
        Thread t = new Thread(() -> {
          try {
            while (!done.get()) {
              long offset = log.beginningOffset(TP);
              long last = -1;
              while (true) {
                ReadResult res = log.read(TP, offset, 1 + (int) (offset % 97), 4096, iso);
                for (StoredRecord rec : res.records()) {
                  assertTrue(rec.offset() > last, "offsets grow");
                  last = rec.offset();
                  if (rec.value() != null) {
                    assertEquals(valueFor(rec.offset()), new String(rec.value()));
                  }
                  assertEquals("k" + (rec.offset() % 13), new String(rec.key()));
                }
                reads.incrementAndGet();
                if (res.nextOffset() == offset && res.records().isEmpty()) {
                  break;
                }
                offset = res.nextOffset();
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        t.start();
        readers.add(t);
      }
      TransactionalWriter w = log.initTransactions("w");
      int visible = 0;
      for (int i = 0; i < 600; i++) {
        long next = log.endOffset(TP);
        int n = 1 + i % 5;
        boolean txn = i % 3 == 0;
        if (txn) {
          w.beginTransaction();
        }
        List<LogRecord> batch = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          long off = next + k;
          byte[] value = off % 11 == 0 ? null : valueFor(off).getBytes();
          batch.add(LogRecord.of(("k" + (off % 13)).getBytes(), value, off));
        }
        if (txn) {
          w.append(TP, batch);
          if (i % 2 == 0) {
            w.commitTransaction();
            visible += n;
          } else {
            w.abortTransaction();
          }
        } else {
          log.append(TP, batch);
          visible += n;
        }
      }
      Thread.sleep(200);
      done.set(true);
      for (Thread t : readers) {
        t.join(20_000);
      }
      if (!failures.isEmpty()) {
        throw new AssertionError("a reader failed", failures.get(0));
      }
      assertTrue(reads.get() > 100, "readers ran: " + reads.get());
      Segment[] segs = ((FileLogEngine) log).partitionLog(TP).segments();
      assertTrue(segs[segs.length - 1].baseOffset > visible / 2, "segments rolled all along");
      int left = visible;
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (left >= visible / 2 && System.nanoTime() < deadline) { // the cleaner catches up
        Thread.sleep(20);
        left = CrashRecoveryProperties.readAll(log, TP, IsolationLevel.READ_COMMITTED).size();
      }
      assertTrue(left < visible / 2, "the background cleaner compacted: " + left + " of "
          + visible + " records left");
    }
    TempDirs.delete(dir);
  }

  /**
   * A read-only log that stays open (a console consumer, say) while the writer compacts: once it
   * notices, it lets go of the files compaction replaced, and keeps reading the same records.
   */
  @Test
  @Timeout(60)
  void aReadOnlyLogLetsGoOfSegmentsTheWriterCompactedAway() throws Exception {
    Path dir = TempDirs.newDir();
    FileLogConfig cfg = FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
    try (FileLogEngine writer = FileLogEngine.open(dir, cfg, false)) {
      writer.createTopic("c", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(2048));
      for (long i = 0; i < 400; i++) {
        writer.append(TP, List.of(LogRecord.of(("k" + i % 10).getBytes(),
            valueFor(i).getBytes(), i)));
      }
      writer.flush();
      try (FileLogEngine reader = FileLogEngine.open(dir, cfg, true)) {
        List<StoredRecord> before = CrashRecoveryProperties.readAll(reader, TP,
            IsolationLevel.READ_COMMITTED);
        Segment[] held = reader.partitionLog(TP).segments();
        writer.runCleaner();
        assertFalse(held[0].stillOnDisk(), "compaction replaced " + held[0]);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (List.of(reader.partitionLog(TP).segments()).contains(held[0])) {
          assertTrue(System.nanoTime() < deadline, "the reader never reloaded");
          reader.endOffset(TP); // any call looks at the files, at most twice a second
          Thread.sleep(50);
        }
        assertEquals(writer.partitionLog(TP).segments().length,
            reader.partitionLog(TP).segments().length);
        for (Segment s : held) {
          assertFalse(s.channel.isOpen(), s + " was let go");
        }
        List<StoredRecord> after = CrashRecoveryProperties.readAll(reader, TP,
            IsolationLevel.READ_COMMITTED);
        assertEquals(CrashRecoveryProperties.readAll(writer, TP, IsolationLevel.READ_COMMITTED),
            after);
        for (StoredRecord r : after) {
          assertEquals(valueFor(r.offset()), new String(r.value()));
        }
        assertEquals(before.get(before.size() - 1), after.get(after.size() - 1));
      }
    }
    TempDirs.delete(dir);
  }
}
