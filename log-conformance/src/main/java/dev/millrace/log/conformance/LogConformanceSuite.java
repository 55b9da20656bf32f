package dev.millrace.log.conformance;

import static dev.millrace.log.conformance.LogArbitraries.bytes;
import static dev.millrace.log.conformance.LogArbitraries.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.Header;
import dev.millrace.log.InvalidTransactionStateException;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogClosedException;
import dev.millrace.log.LogRecord;
import dev.millrace.log.OffsetOutOfRangeException;
import dev.millrace.log.ProducerFencedException;
import dev.millrace.log.ReadOnlyLogException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicDescription;
import dev.millrace.log.TopicExistsException;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.UnknownTopicOrPartitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link Log}, as one abstract suite that every implementation runs unchanged.
 *
 * <p>Extend it and supply {@link #createLog()}; a durable implementation also overrides
 * {@link #reopen(Log)} so that the durability checks run, and one with a read-only mode overrides
 * {@link #openReadOnly(Log)}. Storage that logs need (directories) is the subclass's to create and
 * remove, for instance in a JUnit {@code @AfterAll} or a jqwik {@code @AfterContainer} method.
 *
 * <p>Example-based checks are JUnit 5 {@code @Test}s (with timeouts, so a broken log fails
 * instead of hanging the build); everything whose outcome depends on the data is a jqwik
 * {@code @Property} against a simple reference, the centrepiece being a model of interleaved
 * transactional and plain writers ({@code txn_interleavedTransactionsMatchTheReferenceModel}).
 * Method names start with their theme: {@code offsets_}, {@code read_}, {@code txn_},
 * {@code fencing_}, {@code timestamps_}, {@code admin_}, {@code groups_}, {@code await_},
 * {@code errors_}, {@code concurrency_}, {@code durability_}, {@code readOnly_}. Tries are kept
 * modest so that the whole suite takes seconds on a fast log.
 *
 * <pre>{@code
 * class FileLogConformanceTest extends LogConformanceSuite {
 *   protected Log createLog() { return FileLog.open(newTempDir()); }
 *   protected Optional<Log> reopen(Log closed) { return Optional.of(FileLog.open(dirOf(closed))); }
 * }
 * }</pre>
 */
public abstract class LogConformanceSuite {

  /** A new, empty, open log. Called once or more per test; the suite closes what it creates. */
  protected abstract Log createLog();

  /**
   * A log over the same storage as {@code closed}, which the suite has just closed; or empty (the
   * default) for a log whose data does not outlive it, which skips the durability checks.
   */
  protected Optional<Log> reopen(Log closed) {
    return Optional.empty();
  }

  /**
   * A read-only log over the same storage as {@code writable}, which stays open (as another
   * process would see it); or empty (the default) if the implementation has no read-only mode,
   * which skips the read-only checks.
   */
  protected Optional<Log> openReadOnly(Log writable) {
    return Optional.empty();
  }

  private static final String TOPIC = "t";
  private static final TopicPartition TP0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition TP1 = new TopicPartition(TOPIC, 1);
  private static final Duration LONG_WAIT = Duration.ofSeconds(20);

  private Log logWithTopic(int partitions) {
    Log log = createLog();
    log.createTopic(TOPIC, TopicConfig.partitions(partitions));
    return log;
  }

  private static List<StoredRecord> stored(long firstOffset, List<LogRecord> records) {
    List<StoredRecord> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      out.add(StoredRecord.at(firstOffset + i, records.get(i)));
    }
    return out;
  }

  private static List<StoredRecord> readAll(Log log, TopicPartition tp, IsolationLevel isolation) {
    return Reads.readAll(log, tp, log.beginningOffset(tp), isolation, 1000, Integer.MAX_VALUE);
  }

  /** Appends {@code records} cut into batches of the given sizes (cycled). */
  private static void appendInBatches(Log log, TopicPartition tp, List<LogRecord> records,
      List<Integer> batchSizes) {
    int i = 0;
    int b = 0;
    while (i < records.size()) {
      int size = Math.min(batchSizes.get(b++ % batchSizes.size()), records.size() - i);
      long expected = i;
      assertEquals(expected, log.append(tp, records.subList(i, i + size)),
          "offset of the batch starting at record " + i);
      i += size;
    }
  }

  @Provide
  Arbitrary<LogRecord> logRecords() {
    return LogArbitraries.records();
  }

  @Provide
  Arbitrary<List<TxnOp>> txnOps() {
    // Uniform lengths: jqwik's default favours short lists, and the interesting interleavings
    // need a few dozen steps.
    return TxnOp.arbitrary(3, 2).list().ofMinSize(1).ofMaxSize(40)
        .withSizeDistribution(RandomDistribution.uniform());
  }

  // =================================================================== offsets

  @Property(tries = 50)
  void offsets_areDenseFromZeroAcrossBatches(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 40) Integer> batchSizes) {
    try (Log log = logWithTopic(2)) {
      long expected = 0;
      for (int size : batchSizes) {
        assertEquals(expected, log.append(TP0, tagged("b", size, 1)), "offset of next batch");
        expected += size;
        assertEquals(expected, log.endOffset(TP0));
        assertEquals(expected, log.lastStableOffset(TP0));
      }
      assertEquals(0, log.beginningOffset(TP0));
      assertEquals(0, log.endOffset(TP1), "the other partition is untouched");
      List<StoredRecord> all = readAll(log, TP0, IsolationLevel.READ_UNCOMMITTED);
      for (int i = 0; i < all.size(); i++) {
        assertEquals(i, all.get(i).offset());
      }
      assertEquals(expected, all.size());
    }
  }

  @Test
  void offsets_ofEmptyPartitionAreAllZero() {
    try (Log log = logWithTopic(1)) {
      assertEquals(0, log.beginningOffset(TP0));
      assertEquals(0, log.endOffset(TP0));
      assertEquals(0, log.lastStableOffset(TP0));
    }
  }

  @Test
  void offsets_deleteRecordsBeforeRaisesBeginningButNeverReusesOffsets() {
    try (Log log = logWithTopic(1)) {
      List<LogRecord> records = tagged("d", 10, 5);
      log.append(TP0, records);
      log.deleteRecordsBefore(TP0, 4);
      assertEquals(4, log.beginningOffset(TP0));
      assertEquals(10, log.endOffset(TP0));
      assertEquals(stored(0, records).subList(4, 10),
          readAll(log, TP0, IsolationLevel.READ_UNCOMMITTED));
      assertThrowsNaming(OffsetOutOfRangeException.class,
          () -> log.read(TP0, 3, 10, 1000, IsolationLevel.READ_UNCOMMITTED), "t-0", "3");
      log.deleteRecordsBefore(TP0, 2);
      assertEquals(4, log.beginningOffset(TP0), "deleting below the beginning does nothing");
      assertThrowsNaming(OffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(TP0, 11),
          "t-0", "11");
      log.deleteRecordsBefore(TP0, 10);
      assertEquals(10, log.beginningOffset(TP0));
      assertTrue(log.read(TP0, 10, 10, 1000, IsolationLevel.READ_UNCOMMITTED).isEmpty());
      assertEquals(10, log.append(TP0, tagged("e", 1, 5)), "offsets continue after deletion");
      assertEquals(OptionalLong.of(10),
          log.offsetForTimestamp(TP0, 0, IsolationLevel.READ_UNCOMMITTED),
          "deleted records are not found by timestamp");
    }
  }

  @Test
  void offsets_deleteRecordsBeforeStopsAtTheLastStableOffset() {
    try (Log log = logWithTopic(1)) {
      log.append(TP0, tagged("a", 2, 1));
      try (TransactionalWriter w = log.initTransactions("tx")) {
        w.beginTransaction();
        w.append(TP0, tagged("b", 2, 1));
        assertThrowsNaming(OffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(TP0, 3),
            "t-0", "3");
        log.deleteRecordsBefore(TP0, 2);
        assertEquals(2, log.beginningOffset(TP0));
        w.commitTransaction();
      }
      log.deleteRecordsBefore(TP0, 5);
      assertEquals(5, log.beginningOffset(TP0));
    }
  }

  // =================================================================== read

  @Property(tries = 60)
  void read_returnsExactlyWhatWasAppendedForAnyLimits(
      @ForAll @Size(min = 1, max = 40) List<@From("logRecords") LogRecord> records,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 9) Integer> batchSizes,
      @ForAll @IntRange(min = 1, max = 12) int maxRecords,
      @ForAll @IntRange(min = 1, max = 900) int maxBytes,
      @ForAll IsolationLevel isolation) {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1).withSegmentBytes(1024));
      appendInBatches(log, TP0, records, batchSizes);
      List<StoredRecord> expected = stored(0, records);
      assertEquals(expected, Reads.readAll(log, TP0, 0, isolation, maxRecords, maxBytes));
      int from = records.size() / 2;
      assertEquals(expected.subList(from, expected.size()),
          Reads.readAll(log, TP0, from, isolation, maxRecords, maxBytes),
          "reading from the middle, offset " + from);
    }
  }

  @Property(tries = 8)
  void read_manyRecordsInPlainAndTransactionalBatchesWithDeletion(
      @ForAll @IntRange(min = 1500, max = 4000) int count,
      @ForAll @IntRange(min = 1, max = 400) int maxBatch,
      @ForAll Random random) {
    // Small segments, for logs that have them: reads, deletion and timestamp lookups must
    // cross segment boundaries as easily as batch boundaries.
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1).withSegmentBytes(1024));
      ReferenceLog model = new ReferenceLog(List.of(TP0));
      try (TransactionalWriter w = log.initTransactions("volume")) {
        for (int i = 0; i < count; ) {
          int size = Math.min(1 + random.nextInt(maxBatch), count - i);
          List<LogRecord> batch = new ArrayList<>(size);
          for (int k = 0; k < size; k++) {
            batch.add(LogRecord.of(bytes("k" + (i + k)), bytes("v" + (i + k)),
                random.nextInt(1_000_000)));
          }
          int kind = random.nextInt(4);
          if (kind == 0) {
            assertEquals(model.append(TP0, batch, null), log.append(TP0, batch));
          } else {
            ReferenceLog.Txn txn = new ReferenceLog.Txn();
            w.beginTransaction();
            assertEquals(model.append(TP0, batch, txn), w.append(TP0, batch));
            if (kind == 3) {
              w.abortTransaction();
              model.abort(txn);
            } else {
              w.commitTransaction();
              model.commit(txn);
            }
          }
          i += size;
        }
      }
      long deleteBefore = random.nextInt((int) model.lastStableOffset(TP0) + 1);
      log.deleteRecordsBefore(TP0, deleteBefore);
      model.deleteRecordsBefore(TP0, deleteBefore);
      assertEquals(model.beginningOffset(TP0), log.beginningOffset(TP0));
      assertEquals(model.endOffset(TP0), log.endOffset(TP0));
      int maxRecords = 1 + random.nextInt(2000);
      int maxBytes = 1 + random.nextInt(100_000);
      assertEquals(model.uncommitted(TP0), Reads.readAll(log, TP0, deleteBefore,
          IsolationLevel.READ_UNCOMMITTED, maxRecords, maxBytes));
      assertEquals(model.committed(TP0), Reads.readAll(log, TP0, deleteBefore,
          IsolationLevel.READ_COMMITTED, maxRecords, maxBytes));
      for (int q = 0; q < 20; q++) {
        long ts = random.nextInt(1_000_100);
        for (IsolationLevel isolation : IsolationLevel.values()) {
          assertEquals(model.offsetForTimestamp(TP0, ts,
                  isolation == IsolationLevel.READ_COMMITTED),
              log.offsetForTimestamp(TP0, ts, isolation),
              "offsetForTimestamp(" + ts + ", " + isolation + ")");
        }
      }
    }
  }

  @Property(tries = 40)
  void read_alwaysReturnsAtLeastOneRecordHoweverLarge(
      @ForAll @IntRange(min = 64, max = 100_000) int valueSize,
      @ForAll @IntRange(min = 1, max = 64) int maxBytes) {
    try (Log log = logWithTopic(1)) {
      LogRecord big = LogRecord.of(null, new byte[valueSize], 7);
      log.append(TP0, List.of(big, big));
      ReadResult r = log.read(TP0, 0, 10, maxBytes, IsolationLevel.READ_UNCOMMITTED);
      assertEquals(List.of(StoredRecord.at(0, big)), r.records());
      assertEquals(1, r.nextOffset());
    }
  }

  @Test
  void read_atTheEndReturnsNothingAndStays() {
    try (Log log = logWithTopic(1)) {
      for (IsolationLevel isolation : IsolationLevel.values()) {
        ReadResult empty = log.read(TP0, 0, 10, 1000, isolation);
        assertTrue(empty.isEmpty());
        assertEquals(0, empty.nextOffset());
        assertEquals(0, empty.highWatermark());
      }
      log.append(TP0, tagged("a", 3, 1));
      for (IsolationLevel isolation : IsolationLevel.values()) {
        ReadResult r = log.read(TP0, 3, 10, 1000, isolation);
        assertTrue(r.isEmpty());
        assertEquals(3, r.nextOffset());
        assertEquals(3, r.highWatermark());
        assertEquals(3, r.lastStableOffset());
      }
    }
  }

  @Test
  void read_pastTheEndThrowsNamingPartitionAndOffset() {
    try (Log log = logWithTopic(1)) {
      log.append(TP0, tagged("a", 3, 1));
      for (IsolationLevel isolation : IsolationLevel.values()) {
        assertThrowsNaming(OffsetOutOfRangeException.class,
            () -> log.read(TP0, 4, 10, 1000, isolation), "t-0", "4");
      }
    }
  }

  @Test
  void read_resultRecordsAreImmutable() {
    try (Log log = logWithTopic(1)) {
      log.append(TP0, tagged("a", 2, 1));
      List<StoredRecord> records =
          log.read(TP0, 0, 10, 1000, IsolationLevel.READ_UNCOMMITTED).records();
      assertThrows(UnsupportedOperationException.class, () -> records.remove(0));
      assertThrows(UnsupportedOperationException.class, () -> records.add(records.get(0)));
    }
  }

  @Test
  void read_keepsNullKeysNullValuesAndHeaders() {
    try (Log log = logWithTopic(1)) {
      List<LogRecord> records = List.of(
          LogRecord.of(null, null, LogRecord.NO_TIMESTAMP),
          LogRecord.of(new byte[0], new byte[0], 0),
          new LogRecord(bytes("k"), null, 42, List.of(new Header("h", null),
              new Header("h", bytes("again")), new Header("", new byte[0]))));
      log.append(TP0, records);
      List<StoredRecord> read = readAll(log, TP0, IsolationLevel.READ_COMMITTED);
      assertEquals(stored(0, records), read);
      assertEquals(null, read.get(0).key());
      assertEquals(null, read.get(0).value());
      assertEquals(0, read.get(1).key().length);
      assertEquals(3, read.get(2).headers().size());
    }
  }

  // =================================================================== transactions

  @Property(tries = 100)
  void txn_interleavedTransactionsMatchTheReferenceModel(
      @ForAll("txnOps") List<TxnOp> ops,
      @ForAll @IntRange(min = 1, max = 5) int maxRecords,
      @ForAll @IntRange(min = 1, max = 200) int maxBytes) {
    try (Log log = createLog()) {
      TxnModelRun run = new TxnModelRun(log, 3, 2, maxRecords, maxBytes);
      run.run(ops);
      run.closeWriters();
    }
  }

  @Test
  void txn_markersTakeAnOffsetAndReadersContinueFromNextOffset() {
    try (Log log = logWithTopic(1)) {
      try (TransactionalWriter w = log.initTransactions("tx")) {
        w.beginTransaction();
        List<LogRecord> records = tagged("c", 3, 1);
        assertEquals(0, w.append(TP0, records));
        assertEquals(3, log.endOffset(TP0));
        assertEquals(0, log.lastStableOffset(TP0));
        w.commitTransaction();
        assertEquals(4, log.endOffset(TP0), "the commit marker takes offset 3");
        assertEquals(4, log.lastStableOffset(TP0));
        assertEquals(4, log.append(TP0, tagged("p", 1, 1)), "the next record follows the marker");
        assertEquals(stored(0, records),
            log.read(TP0, 0, 3, Integer.MAX_VALUE, IsolationLevel.READ_COMMITTED).records());
        ReadResult rest = log.read(TP0, 3, 10, 1000, IsolationLevel.READ_COMMITTED);
        assertEquals(1, rest.records().size());
        assertEquals(4, rest.records().get(0).offset());
        assertEquals(5, rest.nextOffset());
      }
    }
  }

  @Test
  void txn_openTransactionHoldsBackTheLastStableOffset() {
    try (Log log = logWithTopic(1)) {
      List<LogRecord> before = tagged("before", 2, 1);
      log.append(TP0, before);
      try (TransactionalWriter w = log.initTransactions("tx")) {
        w.beginTransaction();
        List<LogRecord> inTxn = tagged("txn", 2, 1);
        w.append(TP0, inTxn);
        List<LogRecord> after = tagged("after", 1, 1);
        log.append(TP0, after);
        assertEquals(5, log.endOffset(TP0));
        assertEquals(2, log.lastStableOffset(TP0));
        ReadResult committed = log.read(TP0, 0, 100, 100_000, IsolationLevel.READ_COMMITTED);
        assertEquals(stored(0, before), committed.records());
        assertEquals(2, committed.nextOffset());
        assertEquals(2, committed.lastStableOffset());
        ReadResult stuck = log.read(TP0, 2, 100, 100_000, IsolationLevel.READ_COMMITTED);
        assertTrue(stuck.isEmpty(), "nothing is readable at the last stable offset");
        assertEquals(2, stuck.nextOffset());
        assertEquals(5, readAll(log, TP0, IsolationLevel.READ_UNCOMMITTED).size());
        w.commitTransaction();
        assertEquals(6, log.lastStableOffset(TP0));
        List<StoredRecord> all = readAll(log, TP0, IsolationLevel.READ_COMMITTED);
        List<StoredRecord> expected = new ArrayList<>(stored(0, before));
        expected.addAll(stored(2, inTxn));
        expected.addAll(stored(4, after));
        assertEquals(expected, all);
      }
    }
  }

  @Test
  void txn_abortedRecordsAreNeverReadCommitted() {
    try (Log log = logWithTopic(2)) {
      try (TransactionalWriter w = log.initTransactions("tx")) {
        w.beginTransaction();
        w.append(TP0, tagged("aborted", 3, 1));
        w.append(TP1, tagged("aborted", 1, 1));
        w.abortTransaction();
        assertFalse(w.inTransaction());
      }
      List<LogRecord> plain = tagged("plain", 2, 1);
      log.append(TP0, plain);
      assertEquals(6, log.lastStableOffset(TP0), "3 aborted records, their marker, 2 plain");
      assertEquals(stored(4, plain), readAll(log, TP0, IsolationLevel.READ_COMMITTED));
      assertEquals(5, readAll(log, TP0, IsolationLevel.READ_UNCOMMITTED).size());
      ReadResult overAborted = log.read(TP1, 0, 10, 1000, IsolationLevel.READ_COMMITTED);
      assertTrue(overAborted.isEmpty());
      assertEquals(2, overAborted.nextOffset(), "a read advances over aborted data and markers");
    }
  }

  @Test
  void txn_commitPublishesRecordsInEveryPartitionTogetherWithGroupOffsets() {
    try (Log log = logWithTopic(2)) {
      log.createTopic("other", TopicConfig.partitions(1));
      TopicPartition other = new TopicPartition("other", 0);
      log.commitOffsets("g", Map.of(TP0, 1L));
      try (TransactionalWriter w = log.initTransactions("tx")) {
        w.beginTransaction();
        w.append(TP0, tagged("a", 2, 1));
        w.append(TP1, tagged("b", 1, 1));
        w.append(other, tagged("c", 1, 1));
        w.addOffsets("g", Map.of(TP0, 7L, other, 3L));
        assertTrue(w.inTransaction());
        assertEquals(Map.of(TP0, 1L), log.committedOffsets("g", List.of(TP0, TP1, other)),
            "offsets of an open transaction are not visible");
        for (TopicPartition tp : List.of(TP0, TP1, other)) {
          assertTrue(readAll(log, tp, IsolationLevel.READ_COMMITTED).isEmpty());
        }
        w.commitTransaction();
        assertFalse(w.inTransaction());
      }
      assertEquals(Map.of(TP0, 7L, other, 3L), log.committedOffsets("g", List.of(TP0, TP1, other)));
      assertEquals(2, readAll(log, TP0, IsolationLevel.READ_COMMITTED).size());
      assertEquals(1, readAll(log, TP1, IsolationLevel.READ_COMMITTED).size());
      assertEquals(1, readAll(log, other, IsolationLevel.READ_COMMITTED).size());
    }
  }

  @Test
  void txn_abortedOffsetsNeverAppear() {
    try (Log log = logWithTopic(1)) {
      try (TransactionalWriter w = log.initTransactions("tx")) {
        w.beginTransaction();
        w.addOffsets("g", Map.of(TP0, 5L));
        w.abortTransaction();
        assertEquals(Map.of(), log.committedOffsets("g", List.of(TP0)));
        w.beginTransaction();
        w.addOffsets("g", Map.of(TP0, 6L));
        w.commitTransaction();
        assertEquals(Map.of(TP0, 6L), log.committedOffsets("g", List.of(TP0)));
      }
      assertEquals(0, log.endOffset(TP0), "a transaction without records writes no marker");
    }
  }

  @Test
  void txn_misuseThrowsInvalidTransactionState() {
    try (Log log = logWithTopic(1)) {
      TransactionalWriter w = log.initTransactions("misused");
      assertEquals("misused", w.transactionalId());
      assertFalse(w.inTransaction());
      assertThrowsNaming(InvalidTransactionStateException.class, w::commitTransaction, "misused");
      assertThrowsNaming(InvalidTransactionStateException.class, w::abortTransaction, "misused");
      assertThrowsNaming(InvalidTransactionStateException.class,
          () -> w.append(TP0, tagged("x", 1, 1)), "misused");
      assertThrowsNaming(InvalidTransactionStateException.class,
          () -> w.addOffsets("g", Map.of(TP0, 1L)), "misused");
      w.beginTransaction();
      assertThrowsNaming(InvalidTransactionStateException.class, w::beginTransaction, "misused");
      w.append(TP0, tagged("x", 1, 1));
      w.close();
      w.close();
      assertEquals(2, log.lastStableOffset(TP0), "close aborted the open transaction");
      assertTrue(readAll(log, TP0, IsolationLevel.READ_COMMITTED).isEmpty());
      assertThrowsNaming(InvalidTransactionStateException.class, w::beginTransaction, "misused");
      assertEquals(2, log.endOffset(TP0), "nothing written after close");
    }
  }

  @Test
  void txn_writerCallsAfterLogCloseThrowLogClosed() {
    Log log = logWithTopic(1);
    TransactionalWriter w = log.initTransactions("tx");
    w.beginTransaction();
    log.close();
    assertThrows(LogClosedException.class, () -> w.append(TP0, tagged("x", 1, 1)));
    assertThrows(LogClosedException.class, w::commitTransaction);
    w.close();
  }

  // =================================================================== fencing

  @Test
  void fencing_secondInitFencesTheFirstWriterAndAbortsItsTransaction() {
    try (Log log = logWithTopic(2)) {
      TransactionalWriter first = log.initTransactions("app");
      first.beginTransaction();
      first.append(TP0, tagged("zombie", 2, 1));
      first.addOffsets("g", Map.of(TP0, 9L));
      TransactionalWriter second = log.initTransactions("app");
      assertTrue(second.epoch() > first.epoch(), "a new epoch is higher");
      assertEquals(log.endOffset(TP0), log.lastStableOffset(TP0),
          "the fenced writer's transaction was aborted");
      assertTrue(readAll(log, TP0, IsolationLevel.READ_COMMITTED).isEmpty());
      long endBefore = log.endOffset(TP0);
      List<Executable> calls = List.of(first::beginTransaction,
          () -> first.append(TP1, tagged("late", 1, 1)),
          () -> first.addOffsets("g", Map.of(TP0, 10L)),
          first::commitTransaction,
          first::abortTransaction);
      for (Executable call : calls) {
        assertThrowsNaming(ProducerFencedException.class, call, "app");
      }
      assertEquals(endBefore, log.endOffset(TP0));
      assertEquals(0, log.endOffset(TP1), "a fenced writer writes nothing");
      assertEquals(Map.of(), log.committedOffsets("g", List.of(TP0)));
      first.close();
      second.beginTransaction();
      second.append(TP0, tagged("ok", 1, 1));
      second.commitTransaction();
      assertEquals(1, readAll(log, TP0, IsolationLevel.READ_COMMITTED).size());
      TransactionalWriter third = log.initTransactions("app");
      assertTrue(third.epoch() > second.epoch());
      assertThrows(ProducerFencedException.class, second::beginTransaction);
      second.close();
      third.close();
    }
  }

  @Test
  void fencing_isPerTransactionalId() {
    try (Log log = logWithTopic(1)) {
      TransactionalWriter a = log.initTransactions("a");
      TransactionalWriter b = log.initTransactions("b");
      a.beginTransaction();
      a.append(TP0, tagged("a", 1, 1));
      log.initTransactions("b").close();
      a.commitTransaction();
      assertEquals(1, readAll(log, TP0, IsolationLevel.READ_COMMITTED).size());
      assertThrows(ProducerFencedException.class, b::beginTransaction);
      a.close();
      b.close();
    }
  }

  // =================================================================== timestamps

  @Property(tries = 60)
  void timestamps_offsetForTimestampIsEarliestAtOrAfter(
      @ForAll @Size(min = 0, max = 40) List<@LongRange(min = -1, max = 60) Long> timestamps,
      @ForAll @Size(min = 1, max = 6) List<Boolean> abortedBatch,
      @ForAll @LongRange(min = 0, max = 62) long query) {
    try (Log log = logWithTopic(1)) {
      // Records in batches of 3; a batch flagged true goes into an aborted transaction.
      List<Long> committedOffsets = new ArrayList<>();
      List<Long> allOffsets = new ArrayList<>();
      List<Long> offsetTimestamps = new ArrayList<>();
      try (TransactionalWriter w = log.initTransactions("ts")) {
        for (int i = 0, batch = 0; i < timestamps.size(); i += 3, batch++) {
          List<LogRecord> records = new ArrayList<>();
          for (long ts : timestamps.subList(i, Math.min(i + 3, timestamps.size()))) {
            records.add(LogRecord.of(null, bytes("v"), ts));
          }
          boolean aborted = abortedBatch.get(batch % abortedBatch.size());
          long first;
          if (aborted) {
            w.beginTransaction();
            first = w.append(TP0, records);
            w.abortTransaction();
          } else {
            first = log.append(TP0, records);
          }
          for (int k = 0; k < records.size(); k++) {
            allOffsets.add(first + k);
            offsetTimestamps.add(records.get(k).timestamp());
            if (!aborted) {
              committedOffsets.add(first + k);
            }
          }
        }
      }
      OptionalLong expectedUncommitted = OptionalLong.empty();
      OptionalLong expectedCommitted = OptionalLong.empty();
      for (int k = allOffsets.size() - 1; k >= 0; k--) {
        if (offsetTimestamps.get(k) >= query) {
          expectedUncommitted = OptionalLong.of(allOffsets.get(k));
          if (committedOffsets.contains(allOffsets.get(k))) {
            expectedCommitted = OptionalLong.of(allOffsets.get(k));
          }
        }
      }
      assertEquals(expectedUncommitted,
          log.offsetForTimestamp(TP0, query, IsolationLevel.READ_UNCOMMITTED));
      assertEquals(expectedCommitted,
          log.offsetForTimestamp(TP0, query, IsolationLevel.READ_COMMITTED));
    }
  }

  @Test
  void timestamps_openTransactionIsInvisibleToCommittedLookups() {
    try (Log log = logWithTopic(1)) {
      try (TransactionalWriter w = log.initTransactions("ts")) {
        w.beginTransaction();
        w.append(TP0, tagged("open", 1, 100));
        log.append(TP0, tagged("plain", 1, 100));
        assertEquals(OptionalLong.empty(),
            log.offsetForTimestamp(TP0, 50, IsolationLevel.READ_COMMITTED));
        assertEquals(OptionalLong.of(0),
            log.offsetForTimestamp(TP0, 50, IsolationLevel.READ_UNCOMMITTED));
        w.commitTransaction();
        assertEquals(OptionalLong.of(0),
            log.offsetForTimestamp(TP0, 50, IsolationLevel.READ_COMMITTED));
      }
    }
  }

  // =================================================================== admin

  @Test
  void admin_createDescribeListDeleteRecreate() {
    try (Log log = createLog()) {
      assertFalse(log.isReadOnly());
      TopicConfig config = TopicConfig.partitions(3).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withRetention(Duration.ofHours(5)).withRetentionBytes(1 << 20)
          .withDeleteRetention(Duration.ofMinutes(3)).withSegmentBytes(4096)
          .withSegmentAge(Duration.ofHours(1));
      log.createTopic("zeta", TopicConfig.partitions(1));
      log.createTopic("alpha", config);
      log.createTopic("Mid.dle_-9", TopicConfig.partitions(2));
      assertEquals(new TopicDescription("alpha", config), log.describeTopic("alpha"));
      assertEquals(3, log.describeTopic("alpha").partitions());
      assertEquals(List.of("Mid.dle_-9", "alpha", "zeta"), new ArrayList<>(log.listTopics()),
          "topics are listed sorted");
      assertThrowsNaming(TopicExistsException.class,
          () -> log.createTopic("alpha", TopicConfig.partitions(1)), "alpha");
      TopicPartition alpha2 = new TopicPartition("alpha", 2);
      log.append(alpha2, tagged("x", 4, 1));
      log.commitOffsets("g", Map.of(alpha2, 4L));
      log.deleteTopic("alpha");
      assertEquals(Set.of("Mid.dle_-9", "zeta"), log.listTopics());
      assertThrowsNaming(UnknownTopicOrPartitionException.class, () -> log.describeTopic("alpha"),
          "alpha");
      assertThrowsNaming(UnknownTopicOrPartitionException.class, () -> log.endOffset(alpha2),
          "alpha");
      assertEquals(Map.of(), log.committedOffsets("g", List.of(alpha2)),
          "deleting a topic deletes its group offsets");
      log.createTopic("alpha", TopicConfig.partitions(3));
      assertEquals(0, log.endOffset(alpha2), "a recreated topic starts again at 0");
      assertTrue(readAll(log, alpha2, IsolationLevel.READ_UNCOMMITTED).isEmpty());
      assertEquals(0, log.append(alpha2, tagged("y", 1, 1)));
      assertThrowsNaming(UnknownTopicOrPartitionException.class, () -> log.deleteTopic("nope"),
          "nope");
    }
  }

  @Property(tries = 40)
  void admin_invalidTopicNamesAreRejectedNamingTheTopic(
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 3) Integer> shape,
      @ForAll("forbiddenChars") char bad) {
    StringBuilder name = new StringBuilder();
    for (int s : shape) {
      name.append("aZ9._-".charAt(s));
    }
    name.insert(shape.size() / 2, bad);
    try (Log log = createLog()) {
      String topic = name.toString();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> log.createTopic(topic, TopicConfig.partitions(1)));
      assertTrue(e.getMessage().contains(topic), "message names the topic: " + e.getMessage());
      assertTrue(log.listTopics().isEmpty());
    }
  }

  @Provide
  Arbitrary<Character> forbiddenChars() {
    return Arbitraries.of(' ', '/', '\\', ':', '*', '?', 'é', '\n', '#', '+');
  }

  @Test
  void admin_nameEdgeCases() {
    try (Log log = createLog()) {
      for (String bad : List.of("", ".", "..", "x".repeat(250))) {
        assertThrows(IllegalArgumentException.class,
            () -> log.createTopic(bad, TopicConfig.partitions(1)), "topic name '" + bad + "'");
      }
      log.createTopic("x".repeat(249), TopicConfig.partitions(1));
      log.createTopic("...", TopicConfig.partitions(1));
      assertEquals(2, log.listTopics().size());
    }
  }

  // =================================================================== groups

  @Test
  void groups_commitOverwritesPerPartitionAndGroupsAreSeparate() {
    try (Log log = logWithTopic(3)) {
      TopicPartition tp2 = new TopicPartition(TOPIC, 2);
      assertEquals(Map.of(), log.committedOffsets("g", List.of(TP0, TP1)));
      log.commitOffsets("g", Map.of(TP0, 3L, TP1, 0L));
      log.commitOffsets("g", Map.of(TP0, 5L));
      log.commitOffsets("h", Map.of(tp2, 8L));
      assertEquals(Map.of(TP0, 5L, TP1, 0L), log.committedOffsets("g", List.of(TP0, TP1, tp2)));
      assertEquals(Map.of(TP0, 5L), log.committedOffsets("g", List.of(TP0)));
      assertEquals(Map.of(tp2, 8L), log.committedOffsets("h", List.of(TP0, TP1, tp2)));
    }
  }

  // =================================================================== awaitReadable

  @Test
  @Timeout(30)
  void await_returnsAtOnceWhenSomethingIsReadable() {
    try (Log log = logWithTopic(2)) {
      log.append(TP1, tagged("a", 1, 1));
      long start = System.nanoTime();
      assertTrue(log.awaitReadable(Map.of(TP0, 0L, TP1, 0L), IsolationLevel.READ_UNCOMMITTED,
          LONG_WAIT));
      assertTrue(System.nanoTime() - start < LONG_WAIT.toNanos() / 2);
      assertFalse(log.awaitReadable(Map.of(TP1, 1L), IsolationLevel.READ_UNCOMMITTED,
          Duration.ZERO), "nothing beyond position 1");
    }
  }

  @Test
  @Timeout(30)
  void await_returnsFalseAfterTheTimeoutWhenNothingComes() {
    try (Log log = logWithTopic(1)) {
      long start = System.nanoTime();
      assertFalse(log.awaitReadable(Map.of(TP0, 0L), IsolationLevel.READ_UNCOMMITTED,
          Duration.ofMillis(60)));
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(waitedMs >= 50, "returned after " + waitedMs + " ms, before the timeout");
    }
  }

  @Test
  @Timeout(30)
  void await_wakesWhenAnotherThreadAppends() throws Exception {
    try (Log log = logWithTopic(2)) {
      Thread appender = new Thread(() -> {
        sleepQuietly(100);
        log.append(TP1, tagged("late", 1, 1));
      });
      appender.start();
      long start = System.nanoTime();
      assertTrue(log.awaitReadable(Map.of(TP0, 0L, TP1, 0L), IsolationLevel.READ_UNCOMMITTED,
          LONG_WAIT));
      assertTrue(System.nanoTime() - start < LONG_WAIT.toNanos() / 2,
          "woke up long after the append");
      appender.join();
    }
  }

  @Test
  @Timeout(30)
  void await_readCommittedWaitsForTheCommit() throws Exception {
    try (Log log = logWithTopic(1)) {
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction();
      w.append(TP0, tagged("t", 2, 1));
      assertTrue(log.awaitReadable(Map.of(TP0, 0L), IsolationLevel.READ_UNCOMMITTED,
          Duration.ZERO));
      assertFalse(log.awaitReadable(Map.of(TP0, 0L), IsolationLevel.READ_COMMITTED,
          Duration.ofMillis(30)), "open transaction data is not readable committed");
      Thread committer = new Thread(() -> {
        sleepQuietly(100);
        w.commitTransaction();
      });
      committer.start();
      assertTrue(log.awaitReadable(Map.of(TP0, 0L), IsolationLevel.READ_COMMITTED, LONG_WAIT));
      committer.join();
      w.close();
    }
  }

  @Test
  @Timeout(30)
  void await_returnsFalseWhenInterruptedAndKeepsTheFlag() {
    try (Log log = logWithTopic(1)) {
      Thread.currentThread().interrupt();
      try {
        assertFalse(log.awaitReadable(Map.of(TP0, 0L), IsolationLevel.READ_UNCOMMITTED,
            LONG_WAIT));
        assertTrue(Thread.currentThread().isInterrupted(), "interrupt flag kept");
      } finally {
        Thread.interrupted();
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // =================================================================== errors

  @Test
  void errors_unknownTopicOrPartitionNamesIt() {
    try (Log log = logWithTopic(2)) {
      TopicPartition missing = new TopicPartition("missing", 0);
      TopicPartition outOfRange = new TopicPartition(TOPIC, 7);
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction();
      for (TopicPartition tp : List.of(missing, outOfRange)) {
        String[] names = {tp.toString()};
        List<Executable> calls = List.of(
            () -> log.append(tp, tagged("x", 1, 1)),
            () -> log.read(tp, 0, 1, 1, IsolationLevel.READ_UNCOMMITTED),
            () -> log.beginningOffset(tp),
            () -> log.endOffset(tp),
            () -> log.lastStableOffset(tp),
            () -> log.offsetForTimestamp(tp, 0, IsolationLevel.READ_COMMITTED),
            () -> log.deleteRecordsBefore(tp, 0),
            () -> log.commitOffsets("g", Map.of(tp, 0L)),
            () -> log.awaitReadable(Map.of(tp, 0L), IsolationLevel.READ_UNCOMMITTED,
                Duration.ZERO),
            () -> w.append(tp, tagged("x", 1, 1)),
            () -> w.addOffsets("g", Map.of(tp, 0L)));
        for (Executable call : calls) {
          assertThrowsNaming(UnknownTopicOrPartitionException.class, call, names);
        }
      }
      assertThrowsNaming(UnknownTopicOrPartitionException.class,
          () -> log.describeTopic("missing"), "missing");
      w.commitTransaction();
      assertEquals(0, log.endOffset(TP0), "failed calls wrote nothing");
      assertEquals(Map.of(), log.committedOffsets("g", List.of(TP0, TP1)));
      w.close();
    }
  }

  @Test
  void errors_badArgumentsNameTheParameter() {
    try (Log log = logWithTopic(1)) {
      log.append(TP0, tagged("x", 1, 1));
      assertThrowsNaming(IllegalArgumentException.class,
          () -> log.read(TP0, -1, 1, 1, IsolationLevel.READ_UNCOMMITTED), "offset", "-1");
      assertThrowsNaming(IllegalArgumentException.class,
          () -> log.read(TP0, 0, 0, 1, IsolationLevel.READ_UNCOMMITTED), "maxRecords");
      assertThrowsNaming(IllegalArgumentException.class,
          () -> log.read(TP0, 0, 1, 0, IsolationLevel.READ_UNCOMMITTED), "maxBytes");
      assertThrowsNaming(IllegalArgumentException.class, () -> log.append(TP0, List.of()),
          "records", "t-0");
      assertThrowsNaming(IllegalArgumentException.class,
          () -> log.offsetForTimestamp(TP0, -1, IsolationLevel.READ_UNCOMMITTED), "timestamp");
      assertThrowsNaming(IllegalArgumentException.class, () -> log.deleteRecordsBefore(TP0, -1),
          "offset");
      assertThrowsNaming(IllegalArgumentException.class,
          () -> log.commitOffsets("", Map.of(TP0, 1L)), "group");
      assertThrowsNaming(IllegalArgumentException.class,
          () -> log.commitOffsets("g", Map.of(TP0, -1L)), "t-0", "-1");
      assertThrowsNaming(IllegalArgumentException.class,
          () -> log.committedOffsets("", List.of(TP0)), "group");
      assertThrowsNaming(IllegalArgumentException.class, () -> log.initTransactions(""),
          "transactionalId");
      assertThrowsNaming(IllegalArgumentException.class,
          () -> log.awaitReadable(Map.of(), IsolationLevel.READ_UNCOMMITTED, Duration.ZERO),
          "positions");
      try (TransactionalWriter w = log.initTransactions("tx")) {
        w.beginTransaction();
        assertThrowsNaming(IllegalArgumentException.class, () -> w.append(TP0, List.of()),
            "records");
        assertThrowsNaming(IllegalArgumentException.class,
            () -> w.addOffsets("", Map.of(TP0, 1L)), "group");
        assertThrowsNaming(IllegalArgumentException.class,
            () -> w.addOffsets("g", Map.of(TP0, -2L)), "-2");
        w.abortTransaction();
      }
      assertEquals(1, log.endOffset(TP0), "rejected calls wrote nothing");
    }
  }

  @Test
  void errors_nullsAreRejected() {
    try (Log log = logWithTopic(1)) {
      List<LogRecord> one = tagged("x", 1, 1);
      List<LogRecord> withNull = Arrays.asList(one.get(0), null);
      List<Executable> calls = List.of(
          () -> log.createTopic(null, TopicConfig.partitions(1)),
          () -> log.createTopic("fresh", null),
          () -> log.describeTopic(null),
          () -> log.deleteTopic(null),
          () -> log.append(null, one),
          () -> log.append(TP0, null),
          () -> log.append(TP0, withNull),
          () -> log.read(null, 0, 1, 1, IsolationLevel.READ_UNCOMMITTED),
          () -> log.read(TP0, 0, 1, 1, null),
          () -> log.awaitReadable(null, IsolationLevel.READ_UNCOMMITTED, Duration.ZERO),
          () -> log.awaitReadable(Map.of(TP0, 0L), null, Duration.ZERO),
          () -> log.awaitReadable(Map.of(TP0, 0L), IsolationLevel.READ_UNCOMMITTED, null),
          () -> log.beginningOffset(null),
          () -> log.endOffset(null),
          () -> log.lastStableOffset(null),
          () -> log.offsetForTimestamp(null, 0, IsolationLevel.READ_UNCOMMITTED),
          () -> log.offsetForTimestamp(TP0, 0, null),
          () -> log.deleteRecordsBefore(null, 0),
          () -> log.commitOffsets(null, Map.of(TP0, 1L)),
          () -> log.commitOffsets("g", null),
          () -> log.committedOffsets(null, List.of(TP0)),
          () -> log.committedOffsets("g", null),
          () -> log.initTransactions(null));
      for (int i = 0; i < calls.size(); i++) {
        int index = i;
        NullPointerException e =
            assertThrows(NullPointerException.class, calls.get(i), () -> "call #" + index);
        assertNotNull(e.getMessage(), "call #" + index + " should name the null parameter");
      }
      assertEquals(0, log.endOffset(TP0), "a batch with a null record is rejected whole");
      assertEquals(Set.of(TOPIC), log.listTopics());
    }
  }

  @Test
  void errors_everyCallAfterCloseThrowsLogClosed() {
    Log log = logWithTopic(1);
    log.append(TP0, tagged("x", 1, 1));
    log.close();
    log.close();
    List<Executable> calls = List.of(
        () -> log.createTopic("other", TopicConfig.partitions(1)),
        () -> log.describeTopic(TOPIC),
        log::listTopics,
        () -> log.deleteTopic(TOPIC),
        () -> log.append(TP0, tagged("x", 1, 1)),
        () -> log.read(TP0, 0, 1, 1, IsolationLevel.READ_UNCOMMITTED),
        () -> log.awaitReadable(Map.of(TP0, 0L), IsolationLevel.READ_UNCOMMITTED, Duration.ZERO),
        () -> log.beginningOffset(TP0),
        () -> log.endOffset(TP0),
        () -> log.lastStableOffset(TP0),
        () -> log.offsetForTimestamp(TP0, 0, IsolationLevel.READ_UNCOMMITTED),
        () -> log.deleteRecordsBefore(TP0, 0),
        log::flush,
        () -> log.commitOffsets("g", Map.of(TP0, 1L)),
        () -> log.committedOffsets("g", List.of(TP0)),
        () -> log.initTransactions("tx"),
        log::isReadOnly);
    for (int i = 0; i < calls.size(); i++) {
      int index = i;
      assertThrows(LogClosedException.class, calls.get(i), () -> "call #" + index);
    }
  }

  /** Asserts the exception type and that its message contains every fragment. */
  private static <T extends Throwable> void assertThrowsNaming(Class<T> type, Executable call,
      String... fragments) {
    T e = assertThrows(type, call);
    String message = e.getMessage();
    assertNotNull(message, type.getSimpleName() + " without a message");
    for (String fragment : fragments) {
      assertTrue(message.contains(fragment),
          "message should name '" + fragment + "': " + message);
    }
  }

  // =================================================================== concurrency

  @Test
  @Timeout(60)
  void concurrency_readersSeeAPrefixConsistentLogWhileOneThreadAppends() throws Exception {
    int total = 3000;
    try (Log log = logWithTopic(1)) {
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        IsolationLevel isolation = IsolationLevel.values()[r];
        readers.add(new Thread(() -> {
          try {
            start.await();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long position = 0;
            long lastHighWatermark = 0;
            while (position < total) {
              if (!log.awaitReadable(Map.of(TP0, position), isolation, LONG_WAIT)) {
                throw new AssertionError("no data for " + LONG_WAIT + " at " + position);
              }
              ReadResult result = log.read(TP0, position, 1 + random.nextInt(50),
                  1 + random.nextInt(4000), isolation);
              assertTrue(result.highWatermark() >= lastHighWatermark, "high watermark went back");
              lastHighWatermark = result.highWatermark();
              for (StoredRecord s : result.records()) {
                assertEquals(position, s.offset(), "gap or reorder");
                assertEquals("v" + position, LogArbitraries.string(s.value()));
                position++;
              }
              assertEquals(position, result.nextOffset());
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }, "conformance-reader-" + r));
      }
      readers.forEach(Thread::start);
      start.countDown();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int offset = 0; offset < total; ) {
        int size = Math.min(1 + random.nextInt(40), total - offset);
        List<LogRecord> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          batch.add(LogRecord.of(null, bytes("v" + (offset + i)), offset + i));
        }
        assertEquals(offset, log.append(TP0, batch));
        offset += size;
      }
      for (Thread reader : readers) {
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(reader.isAlive(), reader.getName() + " did not finish");
      }
      if (!failures.isEmpty()) {
        fail("a reader saw an inconsistent log", failures.get(0));
      }
    }
  }

  @Test
  @Timeout(60)
  void concurrency_deletingConsumedRecordsWhileAppendingAndReading() throws Exception {
    int total = 60_000;
    try (Log log = logWithTopic(1)) {
      AtomicLong consumed = new AtomicLong();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> {
        try {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          long position = 0;
          while (position < total) {
            if (!log.awaitReadable(Map.of(TP0, position), IsolationLevel.READ_UNCOMMITTED,
                LONG_WAIT)) {
              throw new AssertionError("no data for " + LONG_WAIT + " at " + position);
            }
            ReadResult r = log.read(TP0, position, 1 + random.nextInt(3000),
                Integer.MAX_VALUE, IsolationLevel.READ_UNCOMMITTED);
            for (StoredRecord s : r.records()) {
              assertEquals(position, s.offset(), "gap or reorder");
              assertEquals("v" + position, LogArbitraries.string(s.value()));
              position++;
            }
            consumed.set(position);
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }, "conformance-reader");
      Thread trimmer = new Thread(() -> {
        try {
          // As eagerly as possible, so that deletion races with the reads it must not disturb.
          while (consumed.get() < total && failures.isEmpty()) {
            long upTo = consumed.get();
            log.deleteRecordsBefore(TP0, upTo);
            assertTrue(log.beginningOffset(TP0) >= upTo, "beginning below " + upTo);
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }, "conformance-trimmer");
      reader.start();
      trimmer.start();
      for (int offset = 0; offset < total; ) {
        int size = Math.min(1 + ThreadLocalRandom.current().nextInt(500), total - offset);
        List<LogRecord> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          batch.add(LogRecord.of(null, bytes("v" + (offset + i)), 1));
        }
        log.append(TP0, batch);
        offset += size;
      }
      reader.join(TimeUnit.SECONDS.toMillis(30));
      trimmer.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(reader.isAlive() || trimmer.isAlive(), "reader or trimmer did not finish");
      if (!failures.isEmpty()) {
        fail("deleting consumed records disturbed the reader", failures.get(0));
      }
      assertEquals(total, log.endOffset(TP0));
    }
  }

  @Test
  @Timeout(60)
  void concurrency_readCommittedReadersNeverSeeAbortedOrOpenData() throws Exception {
    int transactions = 150;
    try (Log log = logWithTopic(2)) {
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<List<String>> seen = List.of(new ArrayList<>(), new ArrayList<>());
      TransactionalWriter w = log.initTransactions("writer");
      Thread writer = new Thread(() -> {
        try {
          for (int t = 0; t < transactions; t++) {
            w.beginTransaction();
            boolean commit = t % 3 != 2;
            String tag = (commit ? "commit" : "abort") + t;
            w.append(TP0, tagged(tag, 1 + t % 4, t));
            w.append(TP1, tagged(tag, 1, t));
            log.append(TP1, tagged("plain" + t, 1, t));
            if (commit) {
              w.commitTransaction();
            } else {
              w.abortTransaction();
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }, "conformance-txn-writer");
      List<Thread> readers = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        TopicPartition tp = p == 0 ? TP0 : TP1;
        List<String> values = seen.get(p);
        readers.add(new Thread(() -> {
          try {
            long position = 0;
            while (writer.isAlive() || position < log.lastStableOffset(tp)) {
              if (!log.awaitReadable(Map.of(tp, position), IsolationLevel.READ_COMMITTED,
                  Duration.ofMillis(50))) {
                continue;
              }
              ReadResult r = log.read(tp, position, 7, 10_000, IsolationLevel.READ_COMMITTED);
              for (StoredRecord s : r.records()) {
                values.add(LogArbitraries.string(s.value()));
              }
              position = r.nextOffset();
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }, "conformance-committed-reader-" + p));
      }
      writer.start();
      readers.forEach(Thread::start);
      writer.join(TimeUnit.SECONDS.toMillis(30));
      for (Thread reader : readers) {
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(reader.isAlive(), reader.getName() + " did not finish");
      }
      w.close();
      if (!failures.isEmpty()) {
        fail("concurrent transactional run failed", failures.get(0));
      }
      for (int p = 0; p < 2; p++) {
        List<String> expected = new ArrayList<>();
        for (StoredRecord s : readAll(log, p == 0 ? TP0 : TP1, IsolationLevel.READ_COMMITTED)) {
          expected.add(LogArbitraries.string(s.value()));
        }
        assertEquals(expected, seen.get(p), "live reader of partition " + p);
        assertTrue(expected.stream().noneMatch(v -> v.startsWith("abort")));
      }
      assertEquals(transactions, seen.get(1).stream().filter(v -> v.startsWith("plain")).count(),
          "every plain record interleaved with the transactions is read");
    }
  }

  // =================================================================== durability

  private Log reopenOrSkip(Log closed) {
    Optional<Log> reopened = reopen(closed);
    Assumptions.assumeTrue(reopened.isPresent(), "this log does not outlive close()");
    return reopened.get();
  }

  @Test
  void durability_recordsOffsetsTopicsAndEpochsSurviveReopen() {
    Log log = logWithTopic(2);
    log.createTopic("compacted", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT));
    List<LogRecord> plain = tagged("plain", 5, 3);
    log.append(TP0, plain);
    int epoch;
    try (TransactionalWriter w = log.initTransactions("durable")) {
      epoch = w.epoch();
      w.beginTransaction();
      w.append(TP1, tagged("txn", 2, 4));
      w.addOffsets("g", Map.of(TP0, 5L));
      w.commitTransaction();
    }
    log.commitOffsets("h", Map.of(TP1, 1L));
    log.deleteRecordsBefore(TP0, 2);
    List<StoredRecord> p0 = readAll(log, TP0, IsolationLevel.READ_UNCOMMITTED);
    List<StoredRecord> p1 = readAll(log, TP1, IsolationLevel.READ_COMMITTED);
    long end1 = log.endOffset(TP1);
    log.flush();
    log.close();
    try (Log reopened = reopenOrSkip(log)) {
      assertEquals(Set.of("compacted", TOPIC), reopened.listTopics());
      assertEquals(CleanupPolicy.COMPACT,
          reopened.describeTopic("compacted").config().cleanupPolicy());
      assertEquals(2, reopened.beginningOffset(TP0));
      assertEquals(p0, readAll(reopened, TP0, IsolationLevel.READ_UNCOMMITTED));
      assertEquals(p1, readAll(reopened, TP1, IsolationLevel.READ_COMMITTED));
      assertEquals(end1, reopened.endOffset(TP1));
      assertEquals(Map.of(TP0, 5L), reopened.committedOffsets("g", List.of(TP0, TP1)));
      assertEquals(Map.of(TP1, 1L), reopened.committedOffsets("h", List.of(TP0, TP1)));
      try (TransactionalWriter next = reopened.initTransactions("durable")) {
        assertTrue(next.epoch() > epoch, "epochs survive: " + next.epoch() + " vs " + epoch);
      }
      assertEquals(5, reopened.append(TP0, tagged("more", 1, 1)), "offsets continue");
    }
  }

  @Test
  void durability_transactionOpenAtCloseIsAbortedOnReopen() {
    Log log = logWithTopic(1);
    log.append(TP0, tagged("before", 2, 1));
    TransactionalWriter w = log.initTransactions("crashed");
    w.beginTransaction();
    w.append(TP0, tagged("open", 3, 1));
    w.addOffsets("g", Map.of(TP0, 2L));
    log.flush();
    log.close();
    try (Log reopened = reopenOrSkip(log)) {
      assertEquals(reopened.endOffset(TP0), reopened.lastStableOffset(TP0),
          "no transaction is open after reopen");
      List<StoredRecord> committed = readAll(reopened, TP0, IsolationLevel.READ_COMMITTED);
      assertEquals(2, committed.size());
      assertTrue(committed.stream()
          .allMatch(s -> LogArbitraries.string(s.value()).startsWith("before")));
      assertEquals(Map.of(), reopened.committedOffsets("g", List.of(TP0)));
      assertEquals(5, readAll(reopened, TP0, IsolationLevel.READ_UNCOMMITTED).size());
    }
  }

  // =================================================================== read-only

  @Test
  @Timeout(60)
  void readOnly_rejectsEveryWriteAndTailsCommittedData() {
    try (Log log = logWithTopic(1)) {
      List<LogRecord> first = tagged("first", 3, 1);
      log.append(TP0, first);
      log.commitOffsets("g", Map.of(TP0, 3L));
      log.flush();
      Optional<Log> view = openReadOnly(log);
      Assumptions.assumeTrue(view.isPresent(), "this log has no read-only mode");
      try (Log readOnly = view.get()) {
        assertTrue(readOnly.isReadOnly());
        assertEquals(Set.of(TOPIC), readOnly.listTopics());
        assertEquals(stored(0, first), readAll(readOnly, TP0, IsolationLevel.READ_COMMITTED));
        assertEquals(Map.of(TP0, 3L), readOnly.committedOffsets("g", List.of(TP0)));
        List<Executable> writes = List.of(
            () -> readOnly.createTopic("other", TopicConfig.partitions(1)),
            () -> readOnly.deleteTopic(TOPIC),
            () -> readOnly.append(TP0, tagged("x", 1, 1)),
            () -> readOnly.deleteRecordsBefore(TP0, 1),
            () -> readOnly.commitOffsets("g", Map.of(TP0, 1L)),
            () -> readOnly.initTransactions("tx"));
        for (int i = 0; i < writes.size(); i++) {
          int index = i;
          assertThrows(ReadOnlyLogException.class, writes.get(i), () -> "write #" + index);
        }
        List<LogRecord> second = tagged("second", 2, 1);
        try (TransactionalWriter w = log.initTransactions("tx")) {
          w.beginTransaction();
          w.append(TP0, second);
          w.commitTransaction();
        }
        log.flush();
        assertTrue(readOnly.awaitReadable(Map.of(TP0, 3L), IsolationLevel.READ_COMMITTED,
            LONG_WAIT), "the read-only log never saw the new commit");
        List<StoredRecord> expected = new ArrayList<>(stored(0, first));
        expected.addAll(stored(3, second));
        assertEquals(expected, readAll(readOnly, TP0, IsolationLevel.READ_COMMITTED));
      }
      assertEquals(6, log.endOffset(TP0), "the writable log was not disturbed");
    }
  }
}
