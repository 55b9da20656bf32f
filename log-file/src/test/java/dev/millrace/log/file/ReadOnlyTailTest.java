package dev.millrace.log.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.ReadOnlyLogException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A read-only opener follows a live writer: new records, new segments, transactions, topics. */
class ReadOnlyTailTest {
  static final TopicPartition TP = TopicPartition.of("t", 0);

  private static List<LogRecord> batch(String prefix, int n) {
    List<LogRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(LogRecord.of(null, (prefix + i + "-" + "z".repeat(40))
          .getBytes(StandardCharsets.UTF_8), i));
    }
    return out;
  }

  private static List<String> readCommitted(FileLog log, long from) {
    List<String> out = new ArrayList<>();
    long offset = from;
    while (true) {
      ReadResult r = log.read(TP, offset, 50, 1 << 16, IsolationLevel.READ_COMMITTED);
      for (StoredRecord rec : r.records()) {
        String v = new String(rec.value(), StandardCharsets.UTF_8);
        out.add(v.substring(0, v.indexOf('-')));
      }
      if (r.nextOffset() == offset) {
        return out;
      }
      offset = r.nextOffset();
    }
  }

  @Test
  @Timeout(60)
  void readOnlyLogTailsCommittedDataAsTheWriterAppends() throws Exception {
    Path dir = TempDirs.newDir();
    try (FileLog writer = FileLog.open(dir, FileLogConfig.defaults())) {
      writer.createTopic("t", TopicConfig.partitions(1).withSegmentBytes(1024));
      writer.append(TP, batch("a", 3));
      try (FileLog reader = FileLog.openReadOnly(dir)) {
        assertEquals(List.of("a0", "a1", "a2"), readCommitted(reader, 0));
        TransactionalWriter tx = writer.initTransactions("tx");
        tx.beginTransaction();
        tx.append(TP, batch("open", 2));
        assertEquals(3, reader.lastStableOffset(TP), "open transaction bounds the LSO");
        assertEquals(5, reader.endOffset(TP));
        assertEquals(List.of("a0", "a1", "a2"), readCommitted(reader, 0));
        tx.abortTransaction();
        for (int i = 0; i < 30; i++) { // many segment rolls
          tx.beginTransaction();
          tx.append(TP, batch("c" + i + "x", 2));
          tx.commitTransaction();
        }
        writer.commitOffsets("g", Map.of(TP, 7L));
        assertTrue(reader.awaitReadable(Map.of(TP, 3L), IsolationLevel.READ_COMMITTED,
            Duration.ofSeconds(10)));
        List<String> expected = new ArrayList<>(List.of("a0", "a1", "a2"));
        for (int i = 0; i < 30; i++) {
          expected.add("c" + i + "x0");
          expected.add("c" + i + "x1");
        }
        assertEquals(expected, readCommitted(reader, 0), "aborted data is never visible");
        assertEquals(writer.endOffset(TP), reader.endOffset(TP));
        assertEquals(Map.of(TP, 7L), reader.committedOffsets("g", List.of(TP)));

        writer.createTopic("later", TopicConfig.partitions(2));
        assertTrue(reader.listTopics().contains("later") || waitForTopic(reader, "later"));
        assertThrows(ReadOnlyLogException.class, () -> reader.append(TP, batch("x", 1)));
        assertThrows(ReadOnlyLogException.class, () -> reader.initTransactions("ro"));
        assertThrows(ReadOnlyLogException.class,
            () -> reader.commitOffsets("g", Map.of(TP, 1L)));
        assertThrows(ReadOnlyLogException.class, () -> reader.deleteTopic("t"));
        reader.flush(); // allowed: nothing to force
      }
    }
    TempDirs.delete(dir);
  }

  private static boolean waitForTopic(FileLog reader, String topic) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      Thread.sleep(20);
      if (reader.listTopics().contains(topic)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void readOnlyOpenOfAnEmptyDirectoryFailsClearly() {
    Path dir = TempDirs.newDir();
    LogStorageException e = assertThrows(LogStorageException.class,
        () -> FileLog.openReadOnly(dir));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
  }

  /**
   * Read-only opens while the writer appends and its cleaner compacts as fast as it can: every
   * open sees original records at their offsets, in order, and for every key at least the
   * latest record written before the open began (compaction only removes a record that a later
   * one of its key supersedes), whatever swap or deletion it raced with.
   */
  @Test
  @Timeout(60)
  void readOnlyOpensStayConsistentWhileTheWriterCompacts() throws Exception {
    Path dir = TempDirs.newDir();
    int keys = 20;
    try (FileLog writer = FileLog.open(dir, FileLogConfig.defaults()
        .withCleanerInterval(Duration.ofMillis(1)).withSyncInterval(Duration.ofMillis(1)))) {
      writer.createTopic("t", TopicConfig.partitions(1).withSegmentBytes(8192)
          .withCleanupPolicy(dev.millrace.log.CleanupPolicy.COMPACT));
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic
          .AtomicBoolean();
      Thread appender = new Thread(() -> {
        for (long i = 0; !stop.get(); i++) {
          writer.append(TP, List.of(LogRecord.of(("k" + i % keys).getBytes(StandardCharsets.UTF_8),
              (i + "-" + "v".repeat(50)).getBytes(StandardCharsets.UTF_8), i)));
          if (i % 20 == 0) { // at most about 20,000 records a second: hundreds of segments
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          }
        }
      });
      appender.start();
      try {
        long deadline = System.nanoTime() + 3_000_000_000L;
        int opens = 0;
        while (System.nanoTime() < deadline || opens < 20) {
          long endBefore = writer.endOffset(TP);
          try (FileLog reader = FileLog.openReadOnly(dir)) {
            long[] latest = new long[keys];
            java.util.Arrays.fill(latest, -1);
            long previous = -1;
            long offset = reader.beginningOffset(TP);
            while (true) {
              ReadResult r = reader.read(TP, offset, 500, 1 << 20, IsolationLevel.READ_COMMITTED);
              for (StoredRecord rec : r.records()) {
                String v = new String(rec.value(), StandardCharsets.UTF_8);
                assertEquals(rec.offset(), Long.parseLong(v.substring(0, v.indexOf('-'))),
                    "an original record at its offset");
                assertTrue(rec.offset() > previous, "offsets grow");
                previous = rec.offset();
                latest[(int) (rec.offset() % keys)] = rec.offset();
              }
              if (r.nextOffset() == offset) {
                break;
              }
              offset = r.nextOffset();
            }
            for (int k = 0; k < keys; k++) {
              long lastBefore = endBefore - 1 - Math.floorMod(endBefore - 1 - k, keys);
              assertTrue(lastBefore < 0 || latest[k] >= lastBefore, "open " + opens + ": key k"
                  + k + " read up to " + latest[k] + ", written at " + lastBefore);
            }
          }
          opens++;
        }
      } finally {
        stop.set(true);
        appender.join();
      }
    }
    TempDirs.delete(dir);
  }
}
