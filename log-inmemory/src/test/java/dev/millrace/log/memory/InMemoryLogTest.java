package dev.millrace.log.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogClosedException;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.UnknownTopicOrPartitionException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the in-memory log promises beyond the shared contract: greedy reads, no copies, memory
 * released by deletion, and commits that are atomic even to concurrent observers.
 */
class InMemoryLogTest {
  private static final TopicPartition TP0 = new TopicPartition("t", 0);
  private static final TopicPartition TP1 = new TopicPartition("t", 1);

  private static InMemoryLog logWithTopic(int partitions) {
    InMemoryLog log = InMemoryLog.create();
    log.createTopic("t", TopicConfig.partitions(partitions));
    return log;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Property(tries = 100)
  void readsAreGreedyUpToBothLimits(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 200) Integer> valueSizes,
      @ForAll @IntRange(min = 1, max = 70) int maxRecords,
      @ForAll @IntRange(min = 1, max = 3000) int maxBytes) {
    try (Log log = logWithTopic(1)) {
      List<LogRecord> records = new ArrayList<>();
      for (int size : valueSizes) {
        records.add(LogRecord.of(null, new byte[size], 1));
      }
      log.append(TP0, records);
      int expected = 0;
      long bytes = 0;
      while (expected < records.size() && expected < maxRecords) {
        bytes += records.get(expected).sizeInBytes();
        if (expected > 0 && bytes > maxBytes) {
          break;
        }
        expected++;
      }
      ReadResult r = log.read(TP0, 0, maxRecords, maxBytes, IsolationLevel.READ_UNCOMMITTED);
      assertEquals(expected, r.records().size());
      assertEquals(expected, r.nextOffset());
    }
  }

  @Test
  void readsReturnTheStoredObjectsWithoutCopying() {
    try (Log log = logWithTopic(1)) {
      LogRecord record = LogRecord.of(bytes("k"), bytes("v"), 5);
      log.append(TP0, List.of(record));
      StoredRecord first = log.read(TP0, 0, 1, 100, IsolationLevel.READ_UNCOMMITTED)
          .records().get(0);
      StoredRecord again = log.read(TP0, 0, 1, 100, IsolationLevel.READ_COMMITTED)
          .records().get(0);
      assertSame(first, again);
      assertSame(record.key(), first.key());
      assertSame(record.value(), first.value());
    }
  }

  @Test
  void retentionSettingsAreKeptButNotApplied() {
    try (Log log = InMemoryLog.create()) {
      log.createTopic("short", TopicConfig.partitions(1).withRetentionBytes(1)
          .withRetention(Duration.ofMillis(1)));
      TopicPartition tp = new TopicPartition("short", 0);
      for (int i = 0; i < 10; i++) {
        log.append(tp, List.of(LogRecord.of(null, new byte[100], 0)));
      }
      assertEquals(0, log.beginningOffset(tp));
      assertEquals(10, log.read(tp, 0, 100, Integer.MAX_VALUE, IsolationLevel.READ_UNCOMMITTED)
          .records().size());
    }
  }

  @Test
  void deleteRecordsBeforeReleasesTheRecords() throws InterruptedException {
    try (Log log = logWithTopic(1)) {
      byte[] value = new byte[1000];
      WeakReference<byte[]> released = new WeakReference<>(value);
      log.append(TP0, List.of(LogRecord.of(null, value, 0)));
      value = null;
      List<LogRecord> filler = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        filler.add(LogRecord.of(null, null, 0));
      }
      log.append(TP0, filler);
      log.deleteRecordsBefore(TP0, 2500);
      for (int attempt = 0; attempt < 50 && released.get() != null; attempt++) {
        System.gc();
        Thread.sleep(10);
      }
      assertNull(released.get(), "a deleted record is still reachable");
      assertEquals(2500, log.read(TP0, 2500, 1, 100, IsolationLevel.READ_UNCOMMITTED)
          .records().get(0).offset());
    }
  }

  @Test
  void transactionOffsetsForATopicDeletedBeforeCommitAreDropped() {
    try (Log log = logWithTopic(1)) {
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction();
      w.addOffsets("g", Map.of(TP0, 4L));
      log.deleteTopic("t");
      log.createTopic("t", TopicConfig.partitions(1));
      w.commitTransaction();
      assertEquals(Map.of(), log.committedOffsets("g", List.of(TP0)),
          "offsets meant for the deleted topic must not land on its successor");
      w.close();
    }
  }

  @Test
  @Timeout(30)
  void awaitFailsWhenTheLogIsClosedOrTheTopicDeletedMeanwhile() throws Exception {
    for (boolean close : new boolean[] {true, false}) {
      Log log = logWithTopic(1);
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread waiter = new Thread(() -> {
        try {
          log.awaitReadable(Map.of(TP0, 0L), IsolationLevel.READ_UNCOMMITTED,
              Duration.ofSeconds(20));
        } catch (Throwable t) {
          thrown.set(t);
        }
      });
      waiter.start();
      Thread.sleep(50);
      if (close) {
        log.close();
      } else {
        log.deleteTopic("t");
      }
      waiter.join(TimeUnit.SECONDS.toMillis(10));
      assertFalse(waiter.isAlive(), "the waiter was not woken");
      Class<?> expected = close ? LogClosedException.class
          : UnknownTopicOrPartitionException.class;
      assertTrue(expected.isInstance(thrown.get()), "got " + thrown.get());
      log.close();
    }
  }

  /**
   * Stronger than the shared contract (which Kafka, writing markers one partition at a time,
   * could not promise): a concurrent observer never sees a commit in one partition but not in
   * another, nor the group offsets before the records.
   */
  @Test
  @Timeout(60)
  void commitsAreAtomicToConcurrentObservers() throws Exception {
    int transactions = 400;
    try (Log log = logWithTopic(2)) {
      AtomicBoolean done = new AtomicBoolean();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      Thread observer = new Thread(() -> {
        try {
          while (!done.get()) {
            Long offset = log.committedOffsets("g", List.of(TP0)).get(TP0);
            long seen0 = log.lastStableOffset(TP0);
            long seen1 = log.lastStableOffset(TP1);
            long committed0 = countCommitted(log, TP0);
            long committed1 = countCommitted(log, TP1);
            if (offset != null && committed0 < offset) {
              throw new AssertionError("group offset " + offset + " visible before its "
                  + "records: " + committed0 + " committed (LSO " + seen0 + ")");
            }
            if (committed1 < committed0) {
              throw new AssertionError("partition 0 shows " + committed0 + " committed records,"
                  + " partition 1 only " + committed1 + " (LSO " + seen1 + ")");
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      });
      observer.start();
      try (TransactionalWriter w = log.initTransactions("tx")) {
        for (int t = 0; t < transactions; t++) {
          w.beginTransaction();
          w.append(TP0, List.of(LogRecord.of(null, bytes("a" + t), t)));
          w.append(TP1, List.of(LogRecord.of(null, bytes("b" + t), t)));
          w.addOffsets("g", Map.of(TP0, (long) t + 1));
          w.commitTransaction();
        }
      }
      done.set(true);
      observer.join(TimeUnit.SECONDS.toMillis(30));
      if (!failures.isEmpty()) {
        fail(failures.get(0));
      }
      assertEquals(transactions, countCommitted(log, TP0));
    }
  }

  private static long countCommitted(Log log, TopicPartition tp) {
    long n = 0;
    long position = 0;
    while (true) {
      ReadResult r = log.read(tp, position, Integer.MAX_VALUE, Integer.MAX_VALUE,
          IsolationLevel.READ_COMMITTED);
      n += r.records().size();
      if (r.nextOffset() == position) {
        return n;
      }
      position = r.nextOffset();
    }
  }
}
