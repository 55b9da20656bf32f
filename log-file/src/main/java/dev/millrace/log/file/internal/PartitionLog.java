package dev.millrace.log.file.internal;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.OffsetOutOfRangeException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.UnknownTopicOrPartitionException;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.file.internal.Segment.OpenTxn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic-partition: a directory of segments, the last of which takes appends.
 *
 * <p>Writes (appends, markers, rolls, retention, compaction swaps) take this partition's lock.
 * Reads take no lock: they read the volatile segment array, end offset and last stable offset,
 * which writers publish only after the bytes they describe are written and indexed.
 *
 * <p>A roll only creates the next segment; the sealed one is flushed (fsync, directory entry,
 * side files) on the log's flusher thread, so appends never wait for a segment's worth of
 * writeback. Anything that makes data durable ({@link #sync}) first flushes every sealed segment
 * still waiting, so the durable part of the log is always a prefix.
 */
final class PartitionLog {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
  /** How often a read-only open looks again when the writer moved files under it. */
  private static final int READ_ONLY_OPEN_ATTEMPTS = 100;
  /** How often a read-only log checks that the writer left its sealed segments in place. */
  private static final long SEALED_CHECK_NANOS = 500_000_000L;
  static final String START_OFFSET_FILE = "log-start-offset";
  private static final int START_MAGIC = 0x4D52534F; // "MRSO"
  private static final ThreadLocal<ByteBuffer[]> WRITE_BUFFER =
      ThreadLocal.withInitial(() -> new ByteBuffer[] {ByteBuffer.allocateDirect(64 * 1024)});

  final TopicPartition tp;
  final Path dir;
  final TopicConfig topicConfig;
  private final FileLogConfig config;
  private final ChannelFactory channels;
  private final boolean readOnly;
  private final Runnable onChange;
  /** Runs the flushes of sealed segments; null when read-only. */
  private final Executor flusher;

  private final ReentrantLock lock = new ReentrantLock();
  private volatile Segment[] segments = new Segment[0];
  private final PartitionReader reader;
  private volatile long endOffset;
  private volatile long lastStable;
  private volatile long startOffset;
  /** Replaced only by a read-only log's {@link #reload}. */
  private volatile AbortedTxns aborted = new AbortedTxns();
  /** Open transactions by producer id; guarded by {@link #lock}. */
  private final Map<Long, OpenTxn> openTxns = new HashMap<>();
  private volatile long unsyncedBytes;
  private volatile String failure;
  private volatile boolean closed;
  private long lastSealedCheck;
  /** Cleaner bookkeeping (cleaner thread only): end of the last compacted range. */
  long compactedThrough = -1;
  /** Cleaner bookkeeping: when the earliest kept tombstone expires. */
  long nextTombstoneExpiry = Long.MAX_VALUE;

  private PartitionLog(TopicPartition tp, Path dir, TopicConfig topicConfig, FileLogConfig config,
      ChannelFactory channels, Executor flusher, Runnable onChange) {
    this.tp = tp;
    this.dir = dir;
    this.topicConfig = topicConfig;
    this.config = config;
    this.channels = channels;
    this.readOnly = flusher == null;
    this.flusher = flusher;
    this.onChange = onChange;
    this.reader = new PartitionReader(tp, () -> segments);
  }

  // ================================================================== open and recovery

  /**
   * Opens a partition directory, recovering it (see {@link #recover}).
   *
   * @param flusher runs the background flushes of sealed segments; null opens read-only
   */
  static PartitionLog open(TopicPartition tp, Path dir, TopicConfig topicConfig,
      FileLogConfig config, ChannelFactory channels, Executor flusher, Runnable onChange) {
    for (int attempt = 1; ; attempt++) {
      PartitionLog p =
          new PartitionLog(tp, dir, topicConfig, config, channels, flusher, onChange);
      try {
        p.recover();
        return p;
      } catch (NoSuchFileException e) {
        p.closeSegments();
        if (!p.readOnly || attempt == READ_ONLY_OPEN_ATTEMPTS) {
          throw new LogStorageException("cannot open partition " + tp + " in " + dir + ": " + e,
              e);
        }
        // The writer process deleted or renamed a file while we listed and opened them
        // (retention, a compaction swap): look again once it is done.
        LockSupport.parkNanos(5_000_000);
      } catch (IOException e) {
        p.closeSegments();
        throw new LogStorageException("cannot open partition " + tp + " in " + dir + ": " + e, e);
      } catch (RuntimeException e) {
        p.closeSegments();
        throw e;
      }
    }
  }

  private void recover() throws IOException {
    if (!readOnly && !Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      SafeFiles.fsyncDirectory(dir.getParent()); // so segments fsynced later can be found
    }
    List<Long> bases = new ArrayList<>();
    Map<Long, Path> pendingSwaps = new HashMap<>();
    if (!readOnly) {
      completeInterruptedSwaps();
    } else if (Files.isDirectory(dir)) {
      pendingSwaps = pendingSwaps();
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          long base = Segment.parseBaseOffset(name);
          if (base >= 0) {
            bases.add(base);
          } else if (!readOnly && (name.endsWith(SafeFiles.TMP_SUFFIX)
              || name.endsWith(Compactor.CLEANED_SUFFIX))) {
            LOG.info("Deleting {}: left over by an interrupted write or compaction", f);
            Files.delete(f);
          }
        }
      }
    }
    for (Map.Entry<Long, Path> swap : pendingSwaps.entrySet()) { // read as the writer will
      long[] range = Compactor.parseSwapName(swap.getValue().getFileName().toString());
      bases.removeIf(b -> b > range[0] && b < range[1]);
      if (!bases.contains(range[0])) {
        bases.add(range[0]);
      }
    }
    bases.sort(null);
    long fileStart = readStartOffset();
    // The first segment's name bounds the offsets handed out before, even if recovery drops it.
    startOffset = bases.isEmpty() ? fileStart : Math.max(fileStart, bases.get(0));
    int n = bases.size();
    Segment[] segs = new Segment[n];
    boolean[] torn = new boolean[n];
    String[] sideFileProblem = new String[n];
    try {
      int durable = 0; // segments [0, durable) were flushed: a segment at or after has side files
      for (int i = 0; i < n; i++) {
        Path f = dir.resolve(Segment.fileName(bases.get(i)));
        Path source = pendingSwaps.getOrDefault(bases.get(i), f);
        if (Segment.hasTornHeader(source)) {
          torn[i] = true;
          continue;
        }
        segs[i] = Segment.open(channels, f, source, readOnly, config.indexIntervalBytes());
        if (i < n - 1) {
          sideFileProblem[i] = source.equals(f) ? loadSideFiles(segs[i])
              : "its compaction swap is pending (" + source.getFileName() + ")";
          if (sideFileProblem[i] == null) {
            durable = i + 1;
          }
        }
      }
      for (int i = 0; i < durable; i++) {
        if (torn[i]) {
          throw new LogStorageException("segment " + dir.resolve(Segment.fileName(bases.get(i)))
              + " is shorter than its header, but later segments were made durable: the file "
              + "was damaged after it was written; restore it or remove the partition");
        }
      }
      int end = n; // segments [0, end) stay
      for (int i = durable; i < n; i++) {
        if (torn[i]) {
          end = i;
          break;
        }
      }
      if (end < n) {
        drop(segs, bases, end, n, "its header was torn by a crash before it was made durable");
      }
      int scanFrom = Math.max(0, Math.min(durable, end - 1));
      for (int i = 0; i < scanFrom; i++) {
        if (sideFileProblem[i] == null) {
          segs[i].flushed = true;
        } else {
          segs[i] = rebuildSealed(segs[i], sideFileProblem[i]);
        }
      }
      if (scanFrom < end) {
        end = recoverUnflushed(segs, bases, scanFrom, end);
        if (!readOnly && end > 0) {
          // What a crashed process wrote may still be only in the page cache, its directory
          // entry too: the next sync forces it, whatever was appended since.
          Segment last = segs[end - 1];
          last.directoryEntryDurable = false;
          unsyncedBytes = last.size;
        }
      }
      Segment[] kept = Arrays.copyOf(segs, end);
      for (Segment s : kept) {
        aborted.addAll(s.aborted);
      }
      segments = kept;
      Arrays.fill(segs, 0, end, null);
    } finally {
      for (Segment s : segs) {
        if (s != null) {
          s.retire();
        }
      }
    }
    Segment[] kept = segments;
    if (!readOnly) { // the active segment gets side files when it is sealed, never before
      Set<Long> sealed = new HashSet<>();
      for (int i = 0; i < kept.length - 1; i++) {
        sealed.add(kept[i].baseOffset);
      }
      deleteSideFilesExcept(sealed);
    }
    startOffset = Math.max(startOffset, kept.length == 0 ? 0 : kept[0].baseOffset);
    endOffset = kept.length == 0 ? startOffset : kept[kept.length - 1].nextOffset;
    if (endOffset < startOffset) {
      // The beginning offset is durable before anything is deleted below it, and the data below
      // it before that; only a damaged disk leaves less. Nothing readable is left: go on empty.
      LOG.warn("{} in {} ends at offset {}, before its beginning offset {}: damaged files? It "
          + "continues empty from offset {}", tp, dir, endOffset, startOffset, startOffset);
      if (!readOnly) {
        for (Segment s : kept) {
          s.retire();
          s.deleteFiles();
        }
        kept = new Segment[0];
        segments = kept;
        unsyncedBytes = 0;
      }
      endOffset = startOffset;
    }
    publishStable();
    long clean = -1; // compacted segments from the start on hold each key once: see Compactor
    for (int i = 0; i < kept.length - 1 && kept[i].compacted; i++) {
      clean = kept[i].nextOffset;
    }
    compactedThrough = clean;
    nextTombstoneExpiry = Long.MIN_VALUE; // unknown: the cleaner's first pass finds out
    if (!readOnly) { // a crash may have come between raising the start offset and deleting
      int below = 0;
      while (below < kept.length - 1 && kept[below + 1].baseOffset <= startOffset) {
        below++;
      }
      lock.lock();
      try {
        dropHead(below);
        for (Segment s : segments) {
          if (s != active() && !s.flushed) {
            scheduleFlush(s);
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Scans the segments {@code [from, end)} of the unflushed part of the log, tracking the open
   * transactions from each one's header on: every batch is checked (length, CRC, offsets that
   * grow), and the log is cut at the first one that fails, deleting every later segment, since
   * what follows a hole was never durable either. Returns the new end.
   */
  private int recoverUnflushed(Segment[] segs, List<Long> bases, int from, int end)
      throws IOException {
    long expected = segs[from].baseOffset;
    for (int i = from; i < end; i++) {
      Segment seg = segs[i];
      if (seg.baseOffset != expected) {
        String why = "it starts at offset " + seg.baseOffset + " but the previous segment ends at "
            + expected;
        drop(segs, bases, i, end, why);
        return i;
      }
      seg.startTracking(openTxns);
      if (i < bases.size() - 1) {
        seg.retire(); // its side files were looked at; scan into a fresh instance
        segs[i] = null;
        seg = reopen(seg);
        segs[i] = seg;
      }
      Segment scanned = seg;
      long fileSize = seg.channel.size();
      Segment.ScanResult r = seg.scan(seg.headerSize, (buf, at, pos) -> {
        String problem = offsetProblem(scanned, buf, at);
        if (problem == null) {
          applyToSegment(scanned, buf, at, pos, openTxns);
        }
        return problem;
      });
      expected = seg.nextOffset;
      if (r.problem() != null) {
        if (!readOnly) {
          LOG.info("Truncating {} at position {} ({} bytes dropped): {}", seg.file, r.validEnd(),
              fileSize - r.validEnd(), r.problem());
          seg.channel.truncate(r.validEnd());
          seg.channel.force(true);
        }
        if (i + 1 < end) {
          drop(segs, bases, i + 1, end, "it follows the truncated tail of " + seg.file);
        }
        return i + 1;
      }
    }
    return end;
  }

  /**
   * Drops the segments {@code [from, to)} found on open (a read-only log only ignores them);
   * the ones after {@code to} were dropped already.
   */
  private void drop(Segment[] segs, List<Long> bases, int from, int to, String why)
      throws IOException {
    for (int i = from; i < to; i++) {
      Path f = dir.resolve(Segment.fileName(bases.get(i)));
      if (segs[i] != null) {
        segs[i].retire();
        segs[i] = null;
      }
      if (!readOnly) {
        LOG.info("Deleting segment {} ({} bytes): {}", f, Files.size(f), why);
        Files.delete(f); // its side files go with the other orphans
      }
    }
  }

  /**
   * Loads a sealed segment's side files into it; returns null, or why they cannot be used
   * (missing, damaged, or describing another size of the segment).
   */
  private String loadSideFiles(Segment seg) throws IOException {
    long fileSize = seg.channel.size();
    Object loaded = seg.index.load(seg.offsetIndexFile(), seg.timeIndexFile(), fileSize);
    if (!(loaded instanceof SegmentIndex.Summary s)) {
      return (String) loaded;
    }
    String why = seg.aborted.load(seg.txnIndexFile(), seg.baseOffset, fileSize);
    if (why == null) {
      seg.size = fileSize;
      seg.nextOffset = s.nextOffset();
      seg.maxTimestamp = s.maxTimestamp();
      seg.lastAppendTime = s.lastAppendTime();
    }
    return why;
  }

  /**
   * Rebuilds the side files of a segment that was made durable but lost them, by scanning it;
   * returns the segment to use. Damage found here is damage to durable data: the segment is cut
   * there (or, read-only, read up to there) and the later segments are kept.
   */
  private Segment rebuildSealed(Segment seg, String why) throws IOException {
    LOG.info("Rebuilding indexes of {} ({})", seg.file, why);
    seg.retire();
    Segment fresh = reopen(seg);
    try {
      long fileSize = fresh.channel.size();
      Segment.ScanResult r = fresh.scan(fresh.headerSize, (buf, at, pos) -> {
        String problem = offsetProblem(fresh, buf, at);
        if (problem == null) {
          applyToSegment(fresh, buf, at, pos, null);
        }
        return problem;
      });
      if (r.problem() != null) {
        if (readOnly) {
          LOG.warn("Sealed segment {} is corrupt at position {} ({}); reading up to there",
              fresh.file, r.validEnd(), r.problem());
        } else {
          LOG.warn("Truncating sealed segment {} at position {} ({} bytes dropped): {}",
              fresh.file, r.validEnd(), fileSize - r.validEnd(), r.problem());
          fresh.channel.truncate(r.validEnd());
          fresh.channel.force(true);
        }
      }
      if (!readOnly) {
        writeSideFiles(fresh);
      }
      fresh.flushed = true;
      return fresh;
    } catch (IOException | RuntimeException e) {
      fresh.retire();
      throw e;
    }
  }

  /** A new instance of {@code seg}, opened from the same file, with nothing loaded or scanned. */
  private Segment reopen(Segment seg) throws IOException {
    return Segment.open(channels, seg.file, seg.source, readOnly, config.indexIntervalBytes());
  }

  /**
   * The compaction swaps a read-only log finds that the writer has not completed (it is doing so
   * right now, or it crashed and completes them when it next opens), by the base offset of the
   * segment each replaces a run from.
   */
  private Map<Long, Path> pendingSwaps() throws IOException {
    Map<Long, Path> swaps = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        long[] range = Compactor.parseSwapName(f.getFileName().toString());
        if (range != null) {
          swaps.put(range[0], f);
        }
      }
    }
    return swaps;
  }

  /** Scans {@code seg} (known valid) to fill its index and counters. */
  private void rescanInto(Segment seg) throws IOException {
    Segment.ScanResult r = seg.scan(seg.headerSize, (buf, at, pos) -> {
      applyToSegment(seg, buf, at, pos, null);
      return null;
    });
    seg.size = r.validEnd();
  }

  /** A compaction swap whose output is durable was interrupted by a crash: finish it. */
  private void completeInterruptedSwaps() throws IOException {
    List<Path> swaps = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> Compactor.parseSwapName(f.getFileName().toString()) != null)
          .forEach(swaps::add);
    }
    for (Path swap : swaps) {
      LOG.info("Completing the compaction swap {} interrupted by a crash", swap);
      Compactor.completeSwap(swap);
    }
  }

  private void deleteSideFilesExcept(Set<Long> bases) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        int dot = name.indexOf('.');
        if (dot == 20 && !name.endsWith(Segment.LOG_SUFFIX)) {
          long base = Segment.parseBaseOffset(name.substring(0, 20) + Segment.LOG_SUFFIX);
          if (base >= 0 && !bases.contains(base)) {
            Files.delete(f);
          }
        }
      }
    }
  }

  /**
   * Why the valid batch at {@code at} cannot follow what was scanned of {@code seg} so far, or
   * null: offsets only grow. Compaction leaves gaps between the batches of a segment (never at
   * its end), so a batch may start after the offset following the previous one.
   */
  private static String offsetProblem(Segment seg, ByteBuffer buf, int at) {
    long base = Batch.baseOffset(buf, at);
    return base < seg.nextOffset ? "batch offset " + base + " is below " + seg.nextOffset
        + ", where the previous batch ended" : null;
  }

  /**
   * Applies a valid batch to a segment's in-memory state (index, counters, aborted list) and, when
   * {@code txns} is given, to the partition's open transactions.
   */
  private static void applyToSegment(Segment seg, ByteBuffer buf, int at, long position,
      Map<Long, OpenTxn> txns) {
    long base = Batch.baseOffset(buf, at);
    seg.index.onBatch(base, position, seg.maxTimestamp);
    if (txns != null) {
      Segment.trackTransactions(buf, at, txns);
    }
    if (Batch.isControl(buf, at)) {
      if (!Batch.markerIsCommit(buf, at)) {
        seg.aborted.add(Batch.producerId(buf, at), Batch.markerTxnFirstOffset(buf, at), base);
      }
    } else {
      seg.maxTimestamp = Math.max(seg.maxTimestamp, Batch.maxTimestamp(buf, at));
    }
    seg.lastAppendTime = Batch.appendTime(buf, at);
    seg.nextOffset = Batch.lastOffset(buf, at) + 1;
    seg.size = position + Batch.totalSize(buf, at);
  }

  private long readStartOffset() throws IOException {
    Path f = dir.resolve(START_OFFSET_FILE);
    if (!Files.exists(f)) {
      return 0;
    }
    ByteBuffer b = SafeFiles.readAll(f);
    if (b.limit() != 18 || b.getInt(0) != START_MAGIC || b.getShort(4) != 1
        || b.getInt(14) != Crc.of(b, 0, 14)) {
      throw new LogStorageException("file " + f + " is corrupt or of an unknown version");
    }
    return b.getLong(6);
  }

  private void writeStartOffset(long offset) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(18);
    b.putInt(START_MAGIC).putShort((short) 1).putLong(offset);
    b.putInt(Crc.of(b, 0, 14)).flip();
    SafeFiles.writeAtomically(dir.resolve(START_OFFSET_FILE), b);
  }

  /**
   * Writes the side files of a sealed segment that is durable. They only spare recovery a scan,
   * so a failure (a full disk, say) is logged and costs nothing else: recovery rebuilds what is
   * missing, and the data they describe is on disk already.
   */
  private void writeSideFiles(Segment seg) {
    try {
      seg.index.write(channels, seg.offsetIndexFile(), seg.timeIndexFile(), seg.size,
          seg.nextOffset, seg.maxTimestamp, seg.lastAppendTime);
      seg.aborted.write(channels, seg.txnIndexFile(), seg.baseOffset, seg.size);
    } catch (IOException e) {
      LOG.warn("Could not write the index files of {} ({}); the next open rebuilds them by "
          + "scanning the segment", seg.file, e.getMessage());
    }
  }

  // ================================================================== state

  long startOffset() {
    refresh();
    return startOffset;
  }

  long endOffset() {
    refresh();
    return endOffset;
  }

  long lastStableOffset() {
    refresh();
    return lastStable;
  }

  Segment[] segments() {
    return segments;
  }

  AbortedTxns abortedTxns() {
    return aborted;
  }

  /** Open transactions by producer id, a copy; for recovery decisions. */
  Map<Long, OpenTxn> openTransactions() {
    lock.lock();
    try {
      return new HashMap<>(openTxns);
    } finally {
      lock.unlock();
    }
  }

  long unsyncedBytes() {
    return unsyncedBytes;
  }

  private void publishStable() {
    long lso = endOffset;
    for (OpenTxn t : openTxns.values()) {
      lso = Math.min(lso, t.firstOffset());
    }
    lastStable = lso;
  }

  private Segment active() {
    Segment[] segs = segments;
    return segs.length == 0 ? null : segs[segs.length - 1];
  }

  private void checkWritable() {
    if (closed) {
      throw new UnknownTopicOrPartitionException(
          "partition " + tp + " was deleted or its log closed");
    }
    String f = failure;
    if (f != null) {
      throw new LogStorageException("partition " + tp + " refuses writes after an earlier "
          + "storage failure (" + f + "); reopen the log to recover");
    }
  }

  // ================================================================== writing

  /** Appends one batch; returns its base offset. */
  long append(List<LogRecord> records, short attributes, long producerId, short epoch) {
    int size = Batch.sizeOf(records);
    lock.lock();
    try {
      checkWritable();
      long now = config.clock().millis();
      Segment seg = active();
      if (seg == null || (seg.size > seg.headerSize && (seg.size + size > topicConfig.segmentBytes()
          || now - seg.createdAt >= topicConfig.segmentMs()))) {
        seg = roll(now);
      }
      long base = endOffset;
      ByteBuffer buf = writeBuffer(size);
      Batch.encode(buf, base, records, attributes, producerId, epoch, now);
      buf.flip();
      long pos = seg.size;
      write(seg, buf, pos);
      applyToSegment(seg, buf, 0, pos, openTxns);
      if ((attributes & Batch.ATTR_CONTROL) != 0 && !Batch.markerIsCommit(buf, 0)) {
        aborted.add(producerId, Batch.markerTxnFirstOffset(buf, 0), base); // mirrors the segment's
      }
      endOffset = seg.nextOffset;
      publishStable();
      unsyncedBytes += size;
      if (config.syncEveryAppend()
          || (config.syncEveryBytes() > 0 && unsyncedBytes >= config.syncEveryBytes())) {
        syncLocked();
      }
      return base;
    } finally {
      lock.unlock();
    }
  }

  /** Runs the append-notification hook; called by the engine after appends. */
  void signal() {
    onChange.run();
  }

  /** Writes a commit or abort marker for {@code producerId}'s open transaction, if it has one. */
  boolean writeMarker(long producerId, short epoch, boolean commit) {
    lock.lock();
    try {
      OpenTxn t = openTxns.get(producerId);
      if (t == null) {
        return false;
      }
      long now = config.clock().millis();
      append(Batch.markerRecords(commit, t.firstOffset(), now),
          (short) (Batch.ATTR_CONTROL | Batch.ATTR_TRANSACTIONAL), producerId, epoch);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The first offset of {@code producerId}'s open transaction here, or -1. */
  long openTxnFirstOffset(long producerId) {
    lock.lock();
    try {
      OpenTxn t = openTxns.get(producerId);
      return t == null ? -1 : t.firstOffset();
    } finally {
      lock.unlock();
    }
  }

  private static ByteBuffer writeBuffer(int size) {
    ByteBuffer[] holder = WRITE_BUFFER.get();
    if (holder[0].capacity() < size) {
      holder[0] = ByteBuffer.allocateDirect(Math.max(size, holder[0].capacity() * 2));
    }
    ByteBuffer b = holder[0];
    b.clear();
    return b;
  }

  private void write(Segment seg, ByteBuffer buf, long pos) {
    try {
      SafeFiles.writeFully(seg.channel, buf, pos);
    } catch (IOException e) {
      try {
        seg.channel.truncate(pos);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw new LogStorageException("append to " + tp + " failed writing " + seg.file
          + " at position " + pos + ": " + e.getMessage() + "; nothing of this append was kept",
          e);
    }
  }

  /**
   * Starts a new segment at the end offset and hands the sealed one to the flusher; the append
   * that rolls does not wait for the sealed segment to reach the disk.
   */
  private Segment roll(long now) {
    Segment old = active();
    try {
      Segment s = Segment.create(channels, dir, endOffset, now,
          new ArrayList<>(openTxns.values()), config.indexIntervalBytes());
      Segment[] segs = segments;
      Segment[] next = Arrays.copyOf(segs, segs.length + 1);
      next[segs.length] = s;
      segments = next;
      if (old != null) {
        scheduleFlush(old);
      }
      return s;
    } catch (IOException e) {
      throw new LogStorageException("cannot roll " + tp + " to a new segment "
          + dir.resolve(Segment.fileName(endOffset)) + ": " + e.getMessage()
          + "; nothing of this append was kept", e);
    }
  }

  /** Forces everything appended so far to disk. */
  void sync() {
    if (readOnly) {
      return;
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      checkWritable();
      syncLocked();
    } finally {
      lock.unlock();
    }
  }

  private void syncLocked() {
    Segment[] segs = segments;
    if (unsyncedBytes == 0 && firstUnflushed(segs) >= segs.length - 1) {
      return; // nothing appended since the last sync, and no sealed segment waits
    }
    Segment seg = segs[segs.length - 1];
    try {
      for (int i = firstUnflushed(segs); i < segs.length - 1; i++) { // durable stays a prefix
        seg = segs[i];
        flushSealed(seg);
      }
      seg = segs[segs.length - 1];
      seg.channel.force(false);
      if (!seg.directoryEntryDurable) {
        SafeFiles.fsyncDirectory(dir);
        seg.directoryEntryDurable = true;
      }
      unsyncedBytes = 0;
    } catch (IOException e) {
      failure = "fsync of " + seg.file + " failed: " + e.getMessage();
      throw new LogStorageException("fsync of " + seg.file + " (" + tp + ") failed: "
          + e.getMessage() + "; the partition refuses writes until the log is reopened", e);
    }
  }

  /**
   * The index of the first sealed segment not flushed yet (the active one's if none): flushes
   * run in segment order and retention and compaction keep that order, so the flushed segments
   * are a prefix, and a sync looks only at the segments after it.
   */
  private static int firstUnflushed(Segment[] segs) {
    int first = segs.length - 1;
    while (first > 0 && !segs[first - 1].flushed) {
      first--;
    }
    return first;
  }

  private void scheduleFlush(Segment sealed) {
    try {
      flusher.execute(() -> {
        try {
          if (failure == null) {
            flushSealed(sealed);
          }
        } catch (IOException e) {
          if (closed || sealed.isRetired() || !Files.isDirectory(dir)) {
            LOG.debug("Flush of {} stopped: its partition was closed or deleted", sealed.file, e);
            return;
          }
          failure = "fsync of sealed segment " + sealed.file + " failed: " + e.getMessage();
          LOG.error("Background fsync of {} ({}) failed; the partition refuses writes until the "
              + "log is reopened", sealed.file, tp, e);
        }
      });
    } catch (RejectedExecutionException closing) {
      // The log is closing; close() flushes what is left.
    }
  }

  /**
   * Makes a sealed segment durable: fsync its data and directory entry, then write its side
   * files, whose presence tells recovery that the segment need not be scanned. Runs on the
   * flusher thread, or under the partition lock when a sync must not wait for it; the segment's
   * monitor keeps it from racing a flush of the same segment or its deletion.
   */
  private void flushSealed(Segment seg) throws IOException {
    synchronized (seg) {
      if (seg.flushed || !seg.acquire()) { // holding it keeps its channel open meanwhile
        return;
      }
      try {
        if (seg.isRetired()) {
          return;
        }
        seg.channel.force(false);
        if (!seg.directoryEntryDurable) {
          SafeFiles.fsyncDirectory(dir);
          seg.directoryEntryDurable = true;
        }
        writeSideFiles(seg);
        seg.flushed = true;
      } finally {
        seg.release();
      }
    }
  }

  /** Raises the beginning offset, dropping whole segments below it. */
  void deleteRecordsBefore(long offset) {
    lock.lock();
    try {
      checkWritable();
      if (offset > lastStable) {
        throw new OffsetOutOfRangeException("cannot delete records of " + tp + " before offset "
            + offset + ": beyond the last stable offset " + lastStable);
      }
      if (offset <= startOffset) {
        return;
      }
      syncLocked(); // the records below the new beginning must outlive it: see recover()
      writeStartOffset(offset);
      startOffset = offset;
      Segment[] segs = segments;
      int drop = 0;
      while (drop < segs.length - 1 && segs[drop + 1].baseOffset <= offset) {
        drop++;
      }
      dropHead(drop);
    } catch (IOException e) {
      throw new LogStorageException("cannot record the new beginning offset of " + tp + " in "
          + dir + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Deletes the first {@code count} segments; caller holds the lock. */
  private void dropHead(int count) {
    if (count == 0) {
      return;
    }
    Segment[] segs = segments;
    segments = Arrays.copyOfRange(segs, count, segs.length);
    startOffset = Math.max(startOffset, segs[count].baseOffset);
    for (int i = 0; i < count; i++) {
      synchronized (segs[i]) {
        segs[i].retire();
        try {
          segs[i].deleteFiles();
        } catch (IOException e) {
          LOG.warn("Could not delete {}: {}", segs[i].file, e.toString());
        }
      }
    }
  }

  /** Deletes old sealed segments past the topic's time or size retention. */
  void applyRetention(long now) {
    if (readOnly) {
      return;
    }
    lock.lock();
    try {
      if (closed || failure != null) {
        return;
      }
      Segment[] segs = segments;
      long total = 0;
      for (Segment s : segs) {
        total += s.size;
      }
      int drop = 0;
      while (drop < segs.length - 1 && segs[drop + 1].baseOffset <= lastStable) {
        Segment s = segs[drop];
        long newest = s.maxTimestamp >= 0 ? s.maxTimestamp
            : s.lastAppendTime >= 0 ? s.lastAppendTime : s.createdAt;
        boolean expired = topicConfig.retentionMs() != TopicConfig.UNLIMITED
            && now - newest > topicConfig.retentionMs();
        boolean oversize = topicConfig.retentionBytes() != TopicConfig.UNLIMITED
            && total > topicConfig.retentionBytes();
        if (!expired && !oversize) {
          break;
        }
        LOG.info("Retention deletes {} ({})", s.file, expired ? "older than retention"
            : "partition larger than retention bytes");
        total -= s.size;
        drop++;
      }
      dropHead(drop);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces a run of consecutive sealed segments by their compacted copy (already written and
   * fsynced at {@code cleaned}), unless they changed meanwhile. Crash-safe: the copy is renamed to
   * its swap name first (durable decision), then {@link Compactor#completeSwap} replaces the old
   * files; recovery completes a swap file it finds, and rebuilds missing index files.
   */
  boolean swapCompacted(List<Segment> group, Path cleaned) throws IOException {
    lock.lock();
    try {
      Segment[] segs = segments;
      int i = Arrays.asList(segs).indexOf(group.get(0));
      boolean inPlace = !closed && i >= 0 && i + group.size() < segs.length;
      for (int k = 0; inPlace && k < group.size(); k++) {
        inPlace = segs[i + k] == group.get(k);
      }
      if (!inPlace) {
        Files.deleteIfExists(cleaned);
        return false;
      }
      Segment first = group.get(0);
      Path swap = dir.resolve(Compactor.swapName(first.baseOffset,
          segs[i + group.size()].baseOffset));
      SafeFiles.moveAtomically(cleaned, swap);
      Compactor.completeSwap(swap);
      Segment fresh = Segment.open(channels, first.file, false, config.indexIntervalBytes());
      try {
        rescanInto(fresh); // it ends where the run ended: see Compactor
        writeSideFiles(fresh);
        fresh.flushed = true; // the compacted copy was fsynced before the swap
      } catch (IOException | RuntimeException e) {
        fresh.retire();
        throw e;
      }
      Segment[] next = new Segment[segs.length - group.size() + 1];
      System.arraycopy(segs, 0, next, 0, i);
      next[i] = fresh;
      System.arraycopy(segs, i + group.size(), next, i + 1, segs.length - i - group.size());
      segments = next;
      group.forEach(Segment::retire);
      return true;
    } finally {
      lock.unlock();
    }
  }

  // ================================================================== reading

  ReadResult read(long offset, int maxRecords, int maxBytes, IsolationLevel isolation) {
    refresh();
    long hw = endOffset;
    long lso = lastStable;
    long start = startOffset;
    if (offset < start || offset > hw) {
      throw new OffsetOutOfRangeException("offset " + offset + " is out of range for " + tp
          + ": valid offsets are [" + start + ", " + hw + "]");
    }
    long limit = isolation == IsolationLevel.READ_COMMITTED ? lso : hw;
    if (offset >= limit) {
      return new ReadResult(List.of(), offset, hw, lso);
    }
    AbortedTxns.Matcher abortedHere = isolation == IsolationLevel.READ_COMMITTED
        ? aborted.overlapping(offset, limit) : AbortedTxns.Matcher.NONE;
    List<StoredRecord> out = new ArrayList<>(Math.min(maxRecords, 1024));
    long next = reader.read(offset, limit, maxRecords, maxBytes, abortedHere, out);
    return new ReadResult(out.isEmpty() ? List.of() : Collections.unmodifiableList(out), next,
        hw, lso);
  }

  OptionalLong offsetForTimestamp(long timestamp, IsolationLevel isolation) {
    refresh();
    long limit = isolation == IsolationLevel.READ_COMMITTED ? lastStable : endOffset;
    long start = startOffset;
    AbortedTxns.Matcher abortedHere = isolation == IsolationLevel.READ_COMMITTED
        ? aborted.overlapping(start, limit) : AbortedTxns.Matcher.NONE;
    return reader.offsetForTimestamp(timestamp, start, limit, abortedHere);
  }

  // ================================================================== read-only tailing

  /**
   * In a read-only log, picks up what the writer process appended since the last look: the tail
   * of the last segment, new segments, and segments deleted by retention.
   */
  void refresh() {
    if (!readOnly || closed || !lock.tryLock()) {
      return;
    }
    try {
      boolean changed = false;
      while (true) {
        Segment act = active();
        if (act != null) {
          changed |= scanTail(act);
        }
        Path nextFile = dir.resolve(Segment.fileName(endOffset));
        if (act != null && act.baseOffset == endOffset || !Files.exists(nextFile)) {
          break;
        }
        if (act != null) {
          changed |= scanTail(act); // the writer finished it before rolling
        }
        if (Segment.hasTornHeader(nextFile)) {
          break; // being created by the writer; look again next time
        }
        Segment s = Segment.open(channels, nextFile, true, config.indexIntervalBytes());
        Segment[] segs = segments;
        Segment[] next = Arrays.copyOf(segs, segs.length + 1);
        next[segs.length] = s;
        segments = next;
        for (OpenTxn t : s.headerOpenTxns) {
          openTxns.putIfAbsent(t.producerId(), t);
        }
        changed = true;
      }
      long now = System.nanoTime();
      if (now - lastSealedCheck > SEALED_CHECK_NANOS) {
        lastSealedCheck = now;
        if (sealedSegmentsChanged()) {
          reload();
          changed = true;
        } else {
          startOffset = Math.max(startOffset, readStartOffset());
        }
      }
      if (changed) {
        publishStable();
      }
    } catch (IOException e) {
      throw new LogStorageException("cannot follow " + tp + " in " + dir + ": " + e, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the writer deleted or replaced a sealed segment this read-only log holds open
   * (retention, compaction): then {@link #reload} lets go of the old files.
   */
  private boolean sealedSegmentsChanged() {
    Segment[] segs = segments;
    for (int i = 0; i < segs.length - 1; i++) {
      if (!segs[i].stillOnDisk()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Replaces this read-only log's view by a fresh one of the directory. Reads in progress finish
   * on the segments they hold, or find the new ones when an old one is retired under them.
   */
  private void reload() {
    PartitionLog fresh;
    try {
      fresh = open(tp, dir, topicConfig, config, channels, null, onChange);
    } catch (LogStorageException e) {
      LOG.debug("Reloading {} read-only failed; will try again: {}", tp, e.getMessage());
      return;
    }
    Segment[] old = segments;
    openTxns.clear();
    openTxns.putAll(fresh.openTxns);
    aborted = fresh.aborted;
    segments = fresh.segments;
    startOffset = Math.max(startOffset, fresh.startOffset);
    endOffset = fresh.endOffset;
    for (Segment s : old) {
      s.retire(); // closes once no read holds it
    }
  }

  private boolean scanTail(Segment act) throws IOException {
    if (act.channel.size() <= act.size) {
      return false;
    }
    long before = act.nextOffset;
    AbortedTxns fresh = new AbortedTxns();
    act.scan(act.size, (buf, at, pos) -> {
      if (Batch.baseOffset(buf, at) != act.nextOffset) {
        return "offset gap";
      }
      applyToSegment(act, buf, at, pos, openTxns);
      if (Batch.isControl(buf, at) && !Batch.markerIsCommit(buf, at)) {
        fresh.add(Batch.producerId(buf, at), Batch.markerTxnFirstOffset(buf, at),
            Batch.baseOffset(buf, at));
      }
      return null;
    });
    aborted.addAll(fresh);
    endOffset = act.nextOffset;
    return act.nextOffset != before;
  }

  // ================================================================== lifecycle

  /**
   * Closes the partition; with {@code flush}, first makes everything durable and writes the side
   * files of every sealed segment, so that the next open needs to scan only the active one.
   */
  void close(boolean flush) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (flush && !readOnly && failure == null) {
        Segment[] segs = segments;
        try {
          for (int i = firstUnflushed(segs); i < segs.length - 1; i++) {
            flushSealed(segs[i]);
          }
          if (unsyncedBytes > 0) {
            active().channel.force(false);
          }
        } catch (IOException e) {
          LOG.warn("fsync of {} at close failed: {}", dir, e.toString());
        }
      }
      closeSegments();
    } finally {
      lock.unlock();
    }
  }

  private void closeSegments() {
    Segment[] segs = segments;
    segments = new Segment[0];
    for (Segment s : segs) {
      synchronized (s) { // waits for a flush in progress; later ones see it retired
        s.retire();
      }
    }
  }

  boolean isClosed() {
    return closed;
  }
}
