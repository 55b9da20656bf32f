package dev.millrace.log.file.internal;

import static dev.millrace.log.file.internal.CrashRecoveryProperties.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Compaction and retention against reference models. */
class CleanerProperties {
  static final TopicPartition TP = TopicPartition.of("t", 0);
  static final long DELETE_RETENTION = 1_000;

  private static String key(StoredRecord r) {
    return new String(r.key());
  }

  /** Segment base offsets and file sizes, oldest first. */
  static List<long[]> segments(Path dir) throws IOException {
    return segments(dir, "t");
  }

  static List<long[]> segments(Path dir, String topic) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("topics/" + topic + "/0"))) {
      return s.filter(p -> p.toString().endsWith(".log")).sorted().map(p -> {
        try {
          return new long[] {Segment.parseBaseOffset(p.getFileName().toString()), Files.size(p)};
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  /**
   * Random keyed writes (plain, committed and aborted), then a compaction that may stop after any
   * number of segment swaps (a crash) and may index a single segment of dirty keys, then a
   * reopen: the latest committed value of every key is what it was, every surviving record is an
   * original one at its original offset, and full passes leave at most one record per key in the
   * cleaned range and no expired tombstones.
   */
  @Property(tries = 40)
  void compactionKeepsTheLatestValuePerKey(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 6) int crashAfterSwaps) throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    MutableClock clock = new MutableClock(1_000_000);
    FileLogConfig cfg = FileLogConfig.defaults().withClock(clock)
        .withCleanerInterval(Duration.ZERO);
    Map<Long, StoredRecord> committedByOffset = new HashMap<>();
    Map<String, StoredRecord> latest = new HashMap<>();
    try (FileLog log = FileLog.open(dir, cfg)) {
      log.createTopic("t", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(1024).withDeleteRetention(Duration.ofMillis(DELETE_RETENTION)));
      TransactionalWriter w = log.initTransactions("tx");
      int ops = 20 + rnd.nextInt(60);
      for (int i = 0; i < ops; i++) {
        clock.advance(rnd.nextInt(100));
        List<LogRecord> batch = new ArrayList<>();
        for (int j = 0, n = 1 + rnd.nextInt(4); j < n; j++) {
          byte[] value = rnd.nextInt(5) == 0 ? null : ("v" + i + "." + j + "-" + "y".repeat(
              rnd.nextInt(60))).getBytes();
          batch.add(LogRecord.of(("k" + rnd.nextInt(8)).getBytes(), value, i));
        }
        int mode = rnd.nextInt(4);
        long base;
        if (mode < 2) {
          base = log.append(TP, batch);
        } else {
          w.beginTransaction();
          base = w.append(TP, batch);
          if (mode == 2) {
            w.commitTransaction();
          } else {
            w.abortTransaction();
            continue;
          }
        }
        for (int j = 0; j < batch.size(); j++) {
          StoredRecord r = StoredRecord.at(base + j, batch.get(j));
          committedByOffset.put(r.offset(), r);
          latest.put(key(r), r);
        }
      }
      FileLogEngine engine = (FileLogEngine) log;
      log.flush(); // the cleaner compacts flushed segments only; do not race the flusher
      Compactor.compact(engine.partitionLog(TP), clock.millis(), crashAfterSwaps,
          rnd.nextBoolean() ? Compactor.MAX_INDEX_BYTES : 1); // or index a segment a pass
    }
    if (rnd.nextBoolean()) { // a crash may also leave a half-written cleaned file behind
      Files.writeString(dir.resolve("topics/t/0/00000000000000000000.cleaned"), "partial");
    }
    clock.advance(DELETE_RETENTION + 1);
    try (FileLog log = FileLog.open(dir, cfg)) {
      checkAgainstModel(readAll(log, TP, IsolationLevel.READ_COMMITTED), committedByOffset,
          latest);
      // full passes (with the small index, one dirty segment each), which also expire
      // tombstones older than delete retention
      FileLogEngine engine = (FileLogEngine) log;
      PartitionLog p = engine.partitionLog(TP);
      long indexLimit = rnd.nextBoolean() ? Compactor.MAX_INDEX_BYTES : 1;
      for (int pass = 0; pass == 0 || p.compactedThrough < active(p).baseOffset; pass++) {
        assertTrue(pass < 100, "passes make progress");
        p.nextTombstoneExpiry = Long.MIN_VALUE; // run whatever the share of dirty bytes
        Compactor.compact(p, clock.millis(), Integer.MAX_VALUE, indexLimit);
      }
      List<StoredRecord> after = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      checkAgainstModel(after, committedByOffset, latest);
      List<long[]> segs = segments(dir);
      long cleanEnd = segs.get(segs.size() - 1)[0];
      Set<String> keysInCleaned = new HashSet<>();
      for (StoredRecord r : after) {
        if (r.offset() < cleanEnd) {
          assertTrue(keysInCleaned.add(key(r)), "key " + key(r) + " twice in the cleaned range");
          assertNotNull(r.value(), "tombstone at " + r.offset() + " outlived delete retention");
        }
      }
      assertEquals(readAll(log, TP, IsolationLevel.READ_UNCOMMITTED).stream()
          .filter(r -> r.offset() < cleanEnd).toList(),
          after.stream().filter(r -> r.offset() < cleanEnd).toList(),
          "no aborted data left in the cleaned range");
    }
    TempDirs.delete(dir);
  }

  /**
   * A crash after a compaction output was renamed to its swap name, and possibly after some of
   * the segments it replaces were deleted: opening completes the swap, and the log reads exactly
   * as after the swap (the replaced range compacted, the rest as it was). A read-only open, which
   * may see this state while the writer is in the middle of a swap, reads the same.
   */
  @Property(tries = 15)
  void interruptedSwapIsCompletedOnOpen(@ForAll long seed) throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    FileLogConfig cfg = FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
    Map<Long, StoredRecord> byOffset = new HashMap<>();
    Map<String, StoredRecord> latest = new HashMap<>();
    try (FileLog log = FileLog.open(dir, cfg)) {
      log.createTopic("t", TopicConfig.partitions(1).withCleanupPolicy(CleanupPolicy.COMPACT)
          .withSegmentBytes(1024));
      for (int round = 0; round < 2; round++) { // the second pass merges compacted segments
        for (int i = 0; i < 60; i++) {
          LogRecord r = LogRecord.of(("k" + rnd.nextInt(6)).getBytes(),
              ("v" + i + "y".repeat(rnd.nextInt(80))).getBytes(), i);
          long off = log.append(TP, List.of(r));
          byOffset.put(off, StoredRecord.at(off, r));
          latest.put(new String(r.key()), StoredRecord.at(off, r));
        }
        if (round == 0) {
          log.flush();
          Compactor.compact(((FileLogEngine) log).partitionLog(TP), System.currentTimeMillis());
        }
      }
    }
    Path part = dir.resolve("topics/t/0");
    Path before = TempDirs.newDir();
    copyDir(part, before);
    int segmentsBefore = segments(dir).size();
    List<StoredRecord> beforeRecords;
    try (FileLog log = FileLog.open(dir, cfg)) {
      beforeRecords = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      Compactor.compact(((FileLogEngine) log).partitionLog(TP), System.currentTimeMillis());
    }
    List<long[]> after = segments(dir);
    assertTrue(after.size() < segmentsBefore, "compacted segments were merged: "
        + segmentsBefore + " -> " + after.size());
    List<StoredRecord> expected;
    long first = after.get(0)[0];
    long next = after.get(1)[0];
    Path merged = part.resolve(Segment.fileName(first));
    Path crashed = TempDirs.newDir();
    copyDir(before, crashed);
    Files.copy(merged, crashed.resolve(Compactor.swapName(first, next)));
    try (Stream<Path> files = Files.list(crashed)) { // a crash inside completeSwap
      for (Path f : files.toList()) {
        long base = Segment.parseBaseOffset(f.getFileName().toString());
        if (base > first && base < next && rnd.nextBoolean()) {
          Files.delete(f);
        }
      }
    }
    // expected: the first group compacted, everything from `next` on as it was before
    try (FileLog log = FileLog.open(dir, cfg)) {
      expected = new ArrayList<>(readAll(log, TP, IsolationLevel.READ_COMMITTED).stream()
          .filter(r -> r.offset() < next).toList());
    }
    TempDirs.delete(part);
    copyDir(crashed, part);
    for (StoredRecord r : beforeRecords) {
      if (r.offset() >= next) {
        expected.add(r);
      }
    }
    expected.sort(java.util.Comparator.comparingLong(StoredRecord::offset));
    try (FileLog reader = FileLog.openReadOnly(dir)) { // reads the swap as the writer will
      assertEquals(expected, readAll(reader, TP, IsolationLevel.READ_COMMITTED));
    }
    try (FileLog log = FileLog.open(dir, cfg)) {
      List<StoredRecord> got = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      assertEquals(expected, got);
      checkAgainstModel(got, byOffset, latest);
    }
    try (Stream<Path> files = Files.list(part)) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(Compactor.SWAP_SUFFIX)));
    }
    TempDirs.delete(dir);
    TempDirs.delete(before);
    TempDirs.delete(crashed);
  }

  private static Segment active(PartitionLog p) {
    Segment[] segs = p.segments();
    return segs[segs.length - 1];
  }

  private static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void checkAgainstModel(List<StoredRecord> read,
      Map<Long, StoredRecord> committedByOffset, Map<String, StoredRecord> latest) {
    Map<String, StoredRecord> lastRead = new HashMap<>();
    for (StoredRecord r : read) {
      assertEquals(committedByOffset.get(r.offset()), r, "record at " + r.offset()
          + " is an original committed record");
      lastRead.put(key(r), r);
    }
    for (Map.Entry<String, StoredRecord> e : latest.entrySet()) {
      StoredRecord got = lastRead.get(e.getKey());
      if (e.getValue().value() == null) {
        assertTrue(got == null || got.equals(e.getValue()), "deleted key " + e.getKey());
      } else {
        assertEquals(e.getValue(), got, "latest value of " + e.getKey());
      }
    }
    assertEquals(latest.keySet().containsAll(lastRead.keySet()), true);
  }

  /**
   * Retention by bytes or time: exactly the oldest sealed segments the model picks are deleted,
   * the rest reads back unchanged, and the active segment is never deleted.
   */
  @Property(tries = 25)
  void retentionDeletesExactlyTheOldSegmentsTheModelPicks(@ForAll long seed,
      @ForAll boolean byTime) throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    MutableClock clock = new MutableClock(1_000_000);
    FileLogConfig cfg = FileLogConfig.defaults().withClock(clock)
        .withCleanerInterval(Duration.ZERO);
    long retentionBytes = 1024 + rnd.nextInt(6000);
    long retentionMs = 100 + rnd.nextInt(3000);
    TopicConfig topic = TopicConfig.partitions(1).withSegmentBytes(1024);
    topic = byTime ? topic.withRetention(Duration.ofMillis(retentionMs))
        : topic.withRetentionBytes(retentionBytes);
    List<StoredRecord> all = new ArrayList<>();
    try (FileLog log = FileLog.open(dir, cfg)) {
      log.createTopic("t", topic);
      long ts = 0;
      for (int i = 0, n = 10 + rnd.nextInt(50); i < n; i++) {
        List<LogRecord> batch = new ArrayList<>();
        for (int j = 0, m = 1 + rnd.nextInt(5); j < m; j++) {
          ts += rnd.nextInt(100);
          batch.add(LogRecord.of(null, new byte[rnd.nextInt(100)], ts));
        }
        long base = log.append(TP, batch);
        for (int j = 0; j < batch.size(); j++) {
          all.add(StoredRecord.at(base + j, batch.get(j)));
        }
      }
      clock.advance(ts + rnd.nextInt(3000) - 1_000_000);
      List<long[]> segs = segments(dir);
      int drop = 0;
      long total = segs.stream().mapToLong(s -> s[1]).sum();
      while (drop < segs.size() - 1) {
        long base = segs.get(drop)[0];
        long next = segs.get(drop + 1)[0];
        long maxTs = all.stream().filter(r -> r.offset() >= base && r.offset() < next)
            .mapToLong(StoredRecord::timestamp).max().orElse(-1);
        boolean delete = byTime ? clock.millis() - maxTs > retentionMs : total > retentionBytes;
        if (!delete) {
          break;
        }
        total -= segs.get(drop)[1];
        drop++;
      }
      long expectedStart = segs.get(drop)[0];
      ((FileLogEngine) log).runCleaner();
      assertEquals(expectedStart, log.beginningOffset(TP));
      assertEquals(all.subList((int) expectedStart, all.size()),
          readAll(log, TP, IsolationLevel.READ_UNCOMMITTED));
      assertEquals(segs.size() - drop, segments(dir).size(), "segment files left");
    }
    try (FileLog log = FileLog.open(dir, cfg)) {
      long start = log.beginningOffset(TP);
      assertEquals(all.subList((int) start, all.size()),
          readAll(log, TP, IsolationLevel.READ_UNCOMMITTED));
      assertFalse(Arrays.asList(dir.resolve("topics/t/0").toFile().list()).stream()
          .anyMatch(n -> n.endsWith(".tmp")));
    }
    TempDirs.delete(dir);
  }
}
