package dev.millrace.log.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Crash recovery against a simple model: the records written, and how many were made durable.
 * Each try writes random batches, damages the files the way a crash or a bad disk would, reopens,
 * and checks that exactly an intact prefix remains, that it covers everything acknowledged
 * durable, and that the log accepts appends again.
 */
class CrashRecoveryProperties {
  static final TopicPartition TP = TopicPartition.of("t", 0);

  static List<List<LogRecord>> randomBatches(Random rnd, int count) {
    List<List<LogRecord>> batches = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      int n = 1 + rnd.nextInt(8);
      List<LogRecord> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] key = rnd.nextInt(5) == 0 ? null : ("k" + rnd.nextInt(20)).getBytes();
        byte[] value = new byte[rnd.nextInt(120)];
        rnd.nextBytes(value);
        batch.add(LogRecord.of(key, rnd.nextInt(10) == 0 ? null : value, 1000 + rnd.nextInt(9000)));
      }
      batches.add(batch);
    }
    return batches;
  }

  static List<StoredRecord> readAll(FileLog log, TopicPartition tp, IsolationLevel iso) {
    List<StoredRecord> out = new ArrayList<>();
    long offset = log.beginningOffset(tp);
    while (true) {
      ReadResult r = log.read(tp, offset, 37, 4096, iso);
      out.addAll(r.records());
      if (r.nextOffset() == offset && r.records().isEmpty()) {
        return out;
      }
      offset = r.nextOffset();
    }
  }

  static Path onlySegment(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("topics/t/0"))) {
      return s.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b)
          .orElseThrow();
    }
  }

  /** Cut the segment at a byte after the durable point, as a torn write would. */
  @Property(tries = 30)
  void tornTailIsTruncatedToAnIntactPrefix(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 25) int batchCount) throws IOException {
    check(seed, batchCount, false);
  }

  /** Flip bytes after the durable point, as a disk writing garbage on crash would. */
  @Property(tries = 30)
  void corruptTailIsTruncatedToAnIntactPrefix(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 25) int batchCount) throws IOException {
    check(seed, batchCount, true);
  }

  private void check(long seed, int batchCount, boolean flip) throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    List<List<LogRecord>> batches = randomBatches(rnd, batchCount);
    List<Long> batchEnds = new ArrayList<>(); // file position after each batch
    long pos = Segment.FIXED_HEADER + 4;
    int durableBatches = 0;
    long durablePos = pos;
    try (FileLog log = FileLog.open(dir, FileLogConfig.defaults()
        .withCleanerInterval(java.time.Duration.ZERO))) {
      log.createTopic("t", TopicConfig.partitions(1));
      for (int b = 0; b < batches.size(); b++) {
        log.append(TP, batches.get(b));
        pos += Batch.sizeOf(batches.get(b));
        batchEnds.add(pos);
        if (rnd.nextInt(3) == 0) {
          log.flush();
          durableBatches = b + 1;
          durablePos = pos;
        }
      }
    }
    Path seg = onlySegment(dir);
    long size = Files.size(seg);
    assertEquals(pos, size, "segment size predicted from the batch format");
    long damageAt;
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      if (flip) {
        if (size == durablePos) {
          damageAt = size;
        } else {
          damageAt = durablePos + (long) (rnd.nextDouble() * (size - durablePos));
          int flips = 1 + rnd.nextInt(4);
          for (int i = 0; i < flips && damageAt + i < size; i++) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, damageAt + i);
            one.put(0, (byte) (one.get(0) ^ (1 + rnd.nextInt(255))));
            one.rewind();
            ch.write(one, damageAt + i);
          }
        }
      } else {
        damageAt = durablePos + (long) (rnd.nextDouble() * (size - durablePos + 1));
        ch.truncate(damageAt);
      }
    }
    int intact = 0;
    while (intact < batchEnds.size() && batchEnds.get(intact) <= damageAt) {
      intact++;
    }
    assertTrue(intact >= durableBatches);
    List<StoredRecord> expected = new ArrayList<>();
    long offset = 0;
    for (int b = 0; b < intact; b++) {
      for (LogRecord r : batches.get(b)) {
        expected.add(StoredRecord.at(offset++, r));
      }
    }
    try (FileLog log = FileLog.open(dir, FileLogConfig.defaults())) {
      assertEquals(expected, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED));
      assertEquals(expected, readAll(log, TP, IsolationLevel.READ_COMMITTED));
      assertEquals(offset, log.endOffset(TP));
      List<LogRecord> more = List.of(LogRecord.of("after".getBytes(), "crash".getBytes(), 5));
      assertEquals(offset, log.append(TP, more));
      log.flush();
    }
    try (FileLog log = FileLog.open(dir, FileLogConfig.defaults())) {
      List<StoredRecord> all = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
      assertEquals(expected.size() + 1, all.size());
      assertEquals(expected, all.subList(0, expected.size()));
    }
    TempDirs.delete(dir);
  }

  /**
   * A crash while rolled segments still wait for the flusher. Every segment after the last fsync
   * may be damaged the way a power loss damages unsynced data: cut at any byte, zeroed from a
   * sector on (blocks allocated but never written), or with flipped bytes; or it is intact, as a
   * process crash leaves it. Reopening keeps exactly the batches before the first damage, deletes
   * every later segment (what follows a hole was never durable), keeps everything acknowledged
   * durable, and takes appends again.
   */
  @Property(tries = 100)
  void unflushedSegmentsAreCutAtTheFirstDamage(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int batchCount,
      @ForAll @IntRange(min = 0, max = 3) int damage) throws IOException {
    final int segmentBytes = 1024;
    final int header = Segment.FIXED_HEADER + 4;
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    List<List<LogRecord>> batches = randomBatches(rnd, batchCount);
    int[] batchSegment = new int[batchCount];
    long[] batchEnd = new long[batchCount];
    List<Long> segmentSizes = new ArrayList<>(List.of((long) header));
    int durableSegment = 0;
    long durablePos = header;
    Path crashed;
    HeldFlusher flusher = new HeldFlusher();
    try (FileLog log = FileLogEngine.open(dir, FileLogConfig.defaults()
        .withCleanerInterval(java.time.Duration.ZERO), false, ChannelFactory.DEFAULT, flusher)) {
      log.createTopic("t", TopicConfig.partitions(1).withSegmentBytes(segmentBytes));
      for (int b = 0; b < batchCount; b++) {
        int size = Batch.sizeOf(batches.get(b));
        int seg = segmentSizes.size() - 1;
        if (segmentSizes.get(seg) > header && segmentSizes.get(seg) + size > segmentBytes) {
          segmentSizes.add((long) header); // the same roll rule as the log
          seg++;
        }
        segmentSizes.set(seg, segmentSizes.get(seg) + size);
        log.append(TP, batches.get(b));
        batchSegment[b] = seg;
        batchEnd[b] = segmentSizes.get(seg);
        if (rnd.nextInt(6) == 0) {
          log.flush();
          durableSegment = seg;
          durablePos = batchEnd[b];
        }
      }
      crashed = TempDirs.snapshot(dir);
    }
    flusher.runHeld(); // flushes of a closed log change nothing
    List<Path> files = segmentFiles(crashed);
    assertEquals(segmentSizes.size(), files.size(), "segments predicted from the roll rule");
    for (int i = 0; i < files.size(); i++) {
      assertEquals(segmentSizes.get(i), Files.size(files.get(i)), "size of " + files.get(i));
    }

    int hit = durableSegment + rnd.nextInt(files.size() - durableSegment);
    long from = hit == durableSegment ? durablePos : 0;
    long size = segmentSizes.get(hit);
    long at = from + (long) (rnd.nextDouble() * (size - from + 1));
    try (FileChannel ch = FileChannel.open(files.get(hit), StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      switch (damage) {
        case 1 -> ch.truncate(at);
        case 2 -> {
          at = Math.max(from, at / 512 * 512);
          ch.write(ByteBuffer.allocate((int) (size - at)), at);
        }
        case 3 -> {
          at = Math.max(at, header);
          for (int i = 0; i < 1 + rnd.nextInt(4) && at + i < size; i++) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at + i);
            one.put(0, (byte) (one.get(0) ^ (1 + rnd.nextInt(255))));
            ch.write(one.rewind(), at + i);
          }
        }
        default -> at = Long.MAX_VALUE; // a process crash: nothing lost
      }
    }
    Statistics.label("damage").collect(at >= size ? "none"
        : hit < files.size() - 1 ? "in a sealed segment" : "in the last segment");
    Statistics.label("unflushed sealed segments").collect(files.size() - 1 - durableSegment);
    List<StoredRecord> expected = new ArrayList<>();
    long offset = 0;
    int lastSegment = -1;
    boolean durableKept = true;
    for (int b = 0; b < batchCount; b++) {
      boolean intact = at >= size // no damage, or none that removed anything
          || batchSegment[b] < hit || batchSegment[b] == hit && batchEnd[b] <= at;
      boolean durable = batchSegment[b] < durableSegment
          || batchSegment[b] == durableSegment && batchEnd[b] <= durablePos;
      if (!intact) {
        durableKept &= !durable;
        break;
      }
      for (LogRecord r : batches.get(b)) {
        expected.add(StoredRecord.at(offset++, r));
      }
      lastSegment = batchSegment[b];
    }
    assertTrue(durableKept, "the damage model stays after the durable point");

    try (FileLog log = FileLog.open(crashed, FileLogConfig.defaults())) {
      assertEquals(expected, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED));
      assertEquals(expected, readAll(log, TP, IsolationLevel.READ_COMMITTED));
      assertEquals(offset, log.endOffset(TP));
      List<Path> left = segmentFiles(crashed);
      assertTrue(left.size() <= Math.max(lastSegment + 1, Math.min(hit + 1, files.size())),
          "segments after the damage are deleted: " + left);
      assertEquals(offset, log.append(TP, List.of(LogRecord.of(null, "after".getBytes(), 5))));
    }
    try (FileLog log = FileLog.open(crashed, FileLogConfig.defaults())) {
      List<StoredRecord> all = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
      assertEquals(expected, all.subList(0, expected.size()));
      assertEquals(expected.size() + 1, all.size());
    }
    try (Stream<Path> s = Files.list(crashed.resolve("topics/t/0"))) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      for (String name : names) {
        if (name.endsWith("index")) {
          assertTrue(names.contains(name.substring(0, 20) + Segment.LOG_SUFFIX),
              "side file " + name + " belongs to a segment");
        }
      }
    }
    TempDirs.delete(dir);
    TempDirs.delete(crashed);
  }

  static List<Path> segmentFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("topics/t/0"))) {
      return s.filter(p -> p.toString().endsWith(Segment.LOG_SUFFIX)).sorted().toList();
    }
  }

  /**
   * Delete, truncate or scribble over the index files of sealed segments: the log rebuilds them
   * and answers every read, read_committed read and timestamp lookup exactly as before.
   */
  @Property(tries = 25)
  void damagedIndexesAreRebuilt(@ForAll long seed) throws IOException {
    Random rnd = new Random(seed);
    Path dir = TempDirs.newDir();
    FileLogConfig cfg = FileLogConfig.defaults().withIndexIntervalBytes(64)
        .withCleanerInterval(java.time.Duration.ZERO);
    List<StoredRecord> uncommitted;
    List<StoredRecord> committed;
    List<OptionalLong> byTime = new ArrayList<>();
    try (FileLog log = FileLog.open(dir, cfg)) {
      log.createTopic("t", TopicConfig.partitions(1).withSegmentBytes(1024));
      TransactionalWriter w = log.initTransactions("tx");
      for (List<LogRecord> batch : randomBatches(rnd, 30)) {
        switch (rnd.nextInt(3)) {
          case 0 -> log.append(TP, batch);
          case 1 -> {
            w.beginTransaction();
            w.append(TP, batch);
            w.commitTransaction();
          }
          default -> {
            w.beginTransaction();
            w.append(TP, batch);
            w.abortTransaction();
          }
        }
      }
      uncommitted = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
      committed = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      for (long ts = 0; ts <= 11000; ts += 500) {
        byTime.add(log.offsetForTimestamp(TP, ts, IsolationLevel.READ_COMMITTED));
      }
    }
    List<Path> sideFiles;
    try (Stream<Path> s = Files.list(dir.resolve("topics/t/0"))) {
      sideFiles = s.filter(p -> p.toString().endsWith("index")).sorted().toList();
    }
    assertTrue(sideFiles.size() >= 3, "several sealed segments expected");
    for (Path f : sideFiles) {
      switch (rnd.nextInt(5)) {
        case 0 -> Files.delete(f);
        case 1 -> {
          try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(rnd.nextInt((int) ch.size()));
          }
        }
        case 2 -> {
          byte[] bytes = Files.readAllBytes(f);
          int i = rnd.nextInt(bytes.length);
          bytes[i] ^= (byte) (1 + rnd.nextInt(255));
          Files.write(f, bytes);
        }
        case 3 -> Files.write(f, "not an index".getBytes());
        default -> { } // left intact
      }
    }
    try (FileLog log = FileLog.open(dir, cfg)) {
      assertEquals(uncommitted, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED));
      assertEquals(committed, readAll(log, TP, IsolationLevel.READ_COMMITTED));
      List<OptionalLong> again = new ArrayList<>();
      for (long ts = 0; ts <= 11000; ts += 500) {
        again.add(log.offsetForTimestamp(TP, ts, IsolationLevel.READ_COMMITTED));
      }
      assertEquals(byTime, again);
    }
    TempDirs.delete(dir);
  }
}
