package dev.millrace.log.file.internal;

import dev.millrace.log.LogStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment file: a header followed by batches, from a base offset on. Byte layout in
 * FORMAT.md. Holds the open channel, the in-memory indexes and what readers need to bound their
 * reads; the partition decides what is written.
 *
 * <p>Lifetime: the partition owns one reference; readers {@link #acquire} another for the length
 * of a read. A segment removed by retention or replaced by compaction is {@link #retire retired}
 * and its channel closes when the last reader releases it, so readers never see a closed channel.
 */
final class Segment {
  static final int MAGIC = 0x4D52534C; // "MRSL"
  static final short VERSION = 1;
  static final int FIXED_HEADER = 4 + 2 + 2 + 8 + 8 + 4;
  static final int OPEN_TXN_ENTRY = 8 + 2 + 8;
  /** Header flag: written by compaction (see {@link #compacted}). */
  static final short FLAG_COMPACTED = 1;
  static final String LOG_SUFFIX = ".log";

  /** A transaction open in a partition: its producer, epoch and first offset there. */
  record OpenTxn(long producerId, short epoch, long firstOffset) {}

  /**
   * Sets {@code open} to the transactions open where a scan of this segment starts: those its
   * header lists. For a segment as appended, the ones open when it was created; for a segment
   * written by compaction, whose batches are all plain, the ones open at its end. Either way,
   * tracking from here through the segment's batches with {@link #trackTransactions} ends in
   * the transactions open after it, whatever the segments before it were.
   */
  void startTracking(Map<Long, OpenTxn> open) {
    open.clear();
    for (OpenTxn t : headerOpenTxns) {
      open.put(t.producerId(), t);
    }
  }

  /**
   * Moves {@code open}, the transactions open before the valid batch at {@code at}, past it: a
   * marker closes its producer's transaction, a transactional data batch opens one if its
   * producer has none open.
   */
  static void trackTransactions(ByteBuffer buf, int at, Map<Long, OpenTxn> open) {
    long pid = Batch.producerId(buf, at);
    if (Batch.isControl(buf, at)) {
      open.remove(pid);
    } else if (Batch.isTransactional(buf, at) && !open.containsKey(pid)) {
      open.put(pid, new OpenTxn(pid, Batch.producerEpoch(buf, at), Batch.baseOffset(buf, at)));
    }
  }

  final Path file;
  /**
   * The file the channel was opened from: {@link #file}, except in a read-only log that reads a
   * compaction's output before the writer has renamed it to {@link #file}.
   */
  final Path source;
  /** The identity of the file the channel reads, in a read-only log; null in the writer. */
  private final Object fileKey;
  final long baseOffset;
  final long createdAt;
  /**
   * Whether compaction wrote this segment: it holds plain batches only, at most one record per
   * key among the segments from the log's start through it when they are all compacted too.
   */
  final boolean compacted;
  final int headerSize;
  final List<OpenTxn> headerOpenTxns;
  final FileChannel channel;
  final SegmentIndex index;
  /** Aborted transactions whose abort marker lies in this segment. */
  final AbortedTxns aborted = new AbortedTxns();

  /** False until the directory holding a newly created segment has been fsynced. */
  volatile boolean directoryEntryDurable = true;
  /**
   * True once this sealed segment is durable: its data and directory entry fsynced and its side
   * files written after that, so recovery may trust it up to its index. Guarded by this
   * segment's monitor, which also orders flushing against retirement.
   */
  volatile boolean flushed;
  /** Bytes of valid data, header included: readers never look beyond it. */
  volatile long size;
  /** The offset after the last batch of this segment. */
  volatile long nextOffset;
  volatile long maxTimestamp = -1;
  volatile long lastAppendTime = -1;
  private final AtomicInteger refs = new AtomicInteger(1);
  private final java.util.concurrent.atomic.AtomicBoolean retired =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Segment(Path file, Path source, Object fileKey, long baseOffset, long createdAt,
      boolean compacted, List<OpenTxn> open, FileChannel channel, int indexInterval) {
    this.file = file;
    this.source = source;
    this.fileKey = fileKey;
    this.compacted = compacted;
    this.baseOffset = baseOffset;
    this.createdAt = createdAt;
    this.headerOpenTxns = List.copyOf(open);
    this.headerSize = FIXED_HEADER + open.size() * OPEN_TXN_ENTRY + 4;
    this.channel = channel;
    this.index = new SegmentIndex(baseOffset, indexInterval);
    this.size = headerSize;
    this.nextOffset = baseOffset;
  }

  static String fileName(long baseOffset) {
    return String.format("%020d", baseOffset) + LOG_SUFFIX;
  }

  /** The base offset a segment file name stands for, or -1 if it is not a segment name. */
  static long parseBaseOffset(String fileName) {
    if (fileName.length() != 20 + LOG_SUFFIX.length() || !fileName.endsWith(LOG_SUFFIX)) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      if (!Character.isDigit(fileName.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(fileName.substring(0, 20));
  }

  Path sibling(String suffix) {
    String name = file.getFileName().toString();
    return file.resolveSibling(name.substring(0, name.length() - LOG_SUFFIX.length()) + suffix);
  }

  Path offsetIndexFile() {
    return sibling(".index");
  }

  Path timeIndexFile() {
    return sibling(".timeindex");
  }

  Path txnIndexFile() {
    return sibling(".txnindex");
  }

  static ByteBuffer encodeHeader(long baseOffset, long createdAt, List<OpenTxn> open,
      boolean compacted) {
    ByteBuffer b = ByteBuffer.allocate(FIXED_HEADER + open.size() * OPEN_TXN_ENTRY + 4);
    b.putInt(MAGIC).putShort(VERSION).putShort(compacted ? FLAG_COMPACTED : 0)
        .putLong(baseOffset).putLong(createdAt)
        .putInt(open.size());
    for (OpenTxn t : open) {
      b.putLong(t.producerId()).putShort(t.epoch()).putLong(t.firstOffset());
    }
    b.putInt(Crc.of(b, 0, b.position()));
    b.flip();
    return b;
  }

  /**
   * Creates a new, empty segment. Not fsynced here: the first fsync of the segment (which makes
   * any of its data durable) also makes the header durable, and the partition fsyncs the
   * directory then; a crash before may leave a torn header, which recovery recognises and
   * removes together with every later segment.
   */
  static Segment create(ChannelFactory channels, Path dir, long baseOffset, long createdAt,
      List<OpenTxn> open, int indexInterval) throws IOException {
    Path file = dir.resolve(fileName(baseOffset));
    FileChannel ch = channels.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      SafeFiles.writeFully(ch, encodeHeader(baseOffset, createdAt, open, false), 0);
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(file);
      throw e;
    }
    Segment s =
        new Segment(file, file, null, baseOffset, createdAt, false, open, ch, indexInterval);
    s.directoryEntryDurable = false;
    return s;
  }

  /**
   * True if {@code file} holds less of its header than a crash can leave of a segment that was
   * never fsynced: shorter than the header, or a header that was allocated but never written
   * (zeros, as some file systems show after a power loss). Anything else that is not a valid
   * header was not made by a crash and is an error.
   */
  static boolean hasTornHeader(Path file) throws IOException {
    long size = Files.size(file);
    if (size < FIXED_HEADER) {
      return true;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER);
      SafeFiles.readFully(ch, fixed, 0);
      boolean zeros = true;
      for (int i = 0; i < FIXED_HEADER && zeros; i++) {
        zeros = fixed.get(i) == 0;
      }
      int n = fixed.getInt(FIXED_HEADER - 4);
      return zeros || fixed.getInt(0) == MAGIC && n >= 0
          && size < FIXED_HEADER + 4 + (long) n * OPEN_TXN_ENTRY;
    }
  }

  /**
   * Opens an existing segment file and checks its header.
   *
   * @throws LogStorageException naming the file if it is not a segment of a known version
   */
  static Segment open(ChannelFactory channels, Path file, boolean readOnly, int indexInterval)
      throws IOException {
    return open(channels, file, file, readOnly, indexInterval);
  }

  /** Opens the segment {@code file} from {@code source}: see {@link #source}. */
  static Segment open(ChannelFactory channels, Path file, Path source, boolean readOnly,
      int indexInterval) throws IOException {
    long expectedBase = parseBaseOffset(file.getFileName().toString());
    FileChannel ch = readOnly
        ? channels.open(source, StandardOpenOption.READ)
        : channels.open(source, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Object fileKey = readOnly
          ? Files.readAttributes(source, BasicFileAttributes.class).fileKey() : null;
      ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER);
      if (!SafeFiles.readFully(ch, fixed, 0)) {
        throw new LogStorageException("file " + source + " is not a segment: only " + ch.size()
            + " bytes, shorter than a segment header");
      }
      if (fixed.getInt(0) != MAGIC) {
        throw new LogStorageException("file " + source + " is not a segment (bad magic 0x"
            + Integer.toHexString(fixed.getInt(0)) + ")");
      }
      short version = fixed.getShort(4);
      if (version != VERSION) {
        throw new LogStorageException("segment " + source + " has format version " + version
            + "; this release reads version " + VERSION);
      }
      int n = fixed.getInt(FIXED_HEADER - 4);
      if (n < 0 || n > 10_000_000) {
        throw new LogStorageException("segment " + source + " has a corrupt header (open txn count "
            + n + ")");
      }
      ByteBuffer whole = ByteBuffer.allocate(FIXED_HEADER + n * OPEN_TXN_ENTRY + 4);
      if (!SafeFiles.readFully(ch, whole, 0)
          || whole.getInt(whole.limit() - 4) != Crc.of(whole, 0, whole.limit() - 4)) {
        throw new LogStorageException("segment " + source + " has a corrupt header (CRC mismatch)");
      }
      long base = whole.getLong(8);
      if (base != expectedBase) {
        throw new LogStorageException("segment " + source + " has base offset " + base
            + " in its header, not the one in its name");
      }
      List<OpenTxn> open = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int p = FIXED_HEADER + i * OPEN_TXN_ENTRY;
        open.add(new OpenTxn(whole.getLong(p), whole.getShort(p + 8), whole.getLong(p + 10)));
      }
      boolean compacted = (whole.getShort(6) & FLAG_COMPACTED) != 0;
      return new Segment(file, source, fileKey, base, whole.getLong(16), compacted, open, ch,
          indexInterval);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Outcome of a scan: where the last valid batch ended, and why scanning stopped early. */
  record ScanResult(long validEnd, String problem) {}

  /** Sees each valid batch of a scan; returns a problem to stop the scan there, or null. */
  @FunctionalInterface
  interface BatchVisitor {
    String visit(ByteBuffer buf, int at, long position);
  }

  /**
   * Walks the batches from {@code from}, checking lengths and CRCs, until the end of the file or
   * the first batch that is torn, corrupt or refused by the visitor.
   */
  ScanResult scan(long from, BatchVisitor visitor) throws IOException {
    long fileSize = channel.size();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    long pos = from;
    while (pos < fileSize) {
      if (fileSize - pos < Batch.HEADER_SIZE) {
        return new ScanResult(pos, "incomplete batch header (" + (fileSize - pos) + " bytes)");
      }
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), fileSize - pos));
      SafeFiles.readFully(channel, buf, pos);
      buf.flip();
      int at = 0;
      while (buf.limit() - at >= Batch.HEADER_SIZE) {
        String problem = Batch.headerProblem(buf, at);
        if (problem != null) {
          return new ScanResult(pos + at, problem);
        }
        int total = Batch.totalSize(buf, at);
        if (pos + at + total > fileSize) {
          return new ScanResult(pos + at, "incomplete batch: " + total + " bytes declared, "
              + (fileSize - pos - at) + " present");
        }
        if (total > buf.limit() - at) {
          if (at == 0) { // a batch larger than the buffer
            buf = ByteBuffer.allocateDirect(total);
            SafeFiles.readFully(channel, buf, pos);
            buf.flip();
          } else {
            break;
          }
        }
        if (!Batch.crcMatches(buf, at)) {
          return new ScanResult(pos + at, "CRC mismatch");
        }
        problem = visitor.visit(buf, at, pos + at);
        if (problem != null) {
          return new ScanResult(pos + at, problem);
        }
        at += total;
      }
      if (at == 0) {
        return new ScanResult(pos, "incomplete batch");
      }
      pos += at;
    }
    return new ScanResult(pos, null);
  }

  /**
   * In a read-only log, whether {@link #file} still names the file this segment reads, which
   * the writer's retention or compaction may delete or replace (where the file system gives
   * files no key: whether it exists).
   */
  boolean stillOnDisk() {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      return fileKey == null || key == null || fileKey.equals(key);
    } catch (IOException e) {
      return false;
    }
  }

  boolean acquire() {
    while (true) {
      int r = refs.get();
      if (r == 0) {
        return false;
      }
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing a read channel loses nothing.
      }
    }
  }

  /** Drops the partition's reference; the channel closes once no reader holds the segment. */
  void retire() {
    if (retired.compareAndSet(false, true)) {
      release();
    }
  }

  boolean isRetired() {
    return retired.get();
  }

  /** Deletes this segment's files (it must be retired or about to be). */
  void deleteFiles() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(offsetIndexFile());
    Files.deleteIfExists(timeIndexFile());
    Files.deleteIfExists(txnIndexFile());
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
