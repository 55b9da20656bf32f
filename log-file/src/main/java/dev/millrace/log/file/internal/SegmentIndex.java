package dev.millrace.log.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The sparse offset index and time index of one segment, kept in memory and written to
 * {@code .index} / {@code .timeindex} files when the segment is sealed.
 *
 * <p>Entries are sampled at batch starts, at most one per {@code intervalBytes} of data. An entry
 * maps (offset relative to the segment base) to the batch's file position, and records the largest
 * record timestamp before that position, which is non-decreasing and so answers "where may the
 * first record with timestamp {@code >= t} start".
 *
 * <p>One writer thread appends; readers run concurrently without locks: an entry is fully written
 * before the volatile count that publishes it, and arrays are replaced, never shrunk in place.
 */
final class SegmentIndex {
  static final int OFFSET_MAGIC = 0x4D524958; // "MRIX"
  static final int TIME_MAGIC = 0x4D525449; // "MRTI"
  static final short VERSION = 1;
  private static final int FILE_HEADER = 4 + 2 + 8 + 8 + 8 + 8 + 4;

  private final long baseOffset;
  private final int intervalBytes;
  private volatile int[] relOffsets = new int[8];
  private volatile int[] positions = new int[8];
  private volatile long[] maxTsBefore = new long[8];
  private volatile int count;
  private long lastIndexedPosition = Long.MIN_VALUE;

  SegmentIndex(long baseOffset, int intervalBytes) {
    this.baseOffset = baseOffset;
    this.intervalBytes = intervalBytes;
  }

  int count() {
    return count;
  }

  /** Called by the single writer for every batch, in file order. */
  void onBatch(long batchBaseOffset, long position, long segmentMaxTsBefore) {
    if (count > 0 && position - lastIndexedPosition < intervalBytes) {
      return;
    }
    add((int) (batchBaseOffset - baseOffset), (int) position, segmentMaxTsBefore);
  }

  private void add(int rel, int pos, long ts) {
    int n = count;
    if (n == relOffsets.length) {
      int cap = n * 2;
      relOffsets = Arrays.copyOf(relOffsets, cap);
      positions = Arrays.copyOf(positions, cap);
      maxTsBefore = Arrays.copyOf(maxTsBefore, cap);
    }
    relOffsets[n] = rel;
    positions[n] = pos;
    maxTsBefore[n] = ts;
    lastIndexedPosition = pos;
    count = n + 1;
  }

  /** Position of the last indexed batch starting at or before {@code offset}, or -1. */
  long positionFor(long offset) {
    int n = count;
    int[] rels = relOffsets;
    long rel = offset - baseOffset;
    int lo = 0;
    int hi = n - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (rels[mid] <= rel) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? -1 : positions[found];
  }

  /**
   * Position of the last indexed batch before which every record's timestamp is below
   * {@code timestamp}, or -1: the first record with a timestamp {@code >= timestamp} lies after it.
   */
  long positionForTimestamp(long timestamp) {
    int n = count;
    long[] ts = maxTsBefore;
    int lo = 0;
    int hi = n - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] < timestamp) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? -1 : positions[found];
  }

  // -------------------------------------------------------------- persistence

  /** Writes both index files; {@code coveredBytes} is the segment size they describe. */
  void write(ChannelFactory channels, Path offsetFile, Path timeFile, long coveredBytes,
      long nextOffset, long maxTimestamp, long lastAppendTime) throws IOException {
    int n = count;
    ByteBuffer off = ByteBuffer.allocate(FILE_HEADER + n * 8 + 4);
    header(off, OFFSET_MAGIC, coveredBytes, nextOffset, maxTimestamp, n);
    for (int i = 0; i < n; i++) {
      off.putInt(relOffsets[i]).putInt(positions[i]);
    }
    off.putInt(Crc.of(off, 0, off.position())).flip();
    SafeFiles.writeRebuildable(channels, offsetFile, off);

    ByteBuffer time = ByteBuffer.allocate(FILE_HEADER + n * 12 + 4);
    header(time, TIME_MAGIC, coveredBytes, nextOffset, lastAppendTime, n);
    for (int i = 0; i < n; i++) {
      time.putLong(maxTsBefore[i]).putInt(positions[i]);
    }
    time.putInt(Crc.of(time, 0, time.position())).flip();
    SafeFiles.writeRebuildable(channels, timeFile, time);
  }

  private void header(ByteBuffer b, int magic, long covered, long nextOffset, long extra, int n) {
    b.putInt(magic).putShort(VERSION).putLong(baseOffset).putLong(covered).putLong(nextOffset)
        .putLong(extra).putInt(n);
  }

  /** What a pair of index files says about its segment, besides the entries. */
  record Summary(long nextOffset, long maxTimestamp, long lastAppendTime) {}

  /**
   * Loads both files into this (empty) index if they are intact and describe a segment of
   * {@code segmentBytes} bytes; otherwise returns why not, leaving this index empty.
   */
  Object load(Path offsetFile, Path timeFile, long segmentBytes) {
    try {
      if (!Files.exists(offsetFile) || !Files.exists(timeFile)) {
        return "index file missing";
      }
      ByteBuffer off = SafeFiles.readAll(offsetFile);
      ByteBuffer time = SafeFiles.readAll(timeFile);
      String problem = check(off, OFFSET_MAGIC, 8, segmentBytes, offsetFile);
      if (problem == null) {
        problem = check(time, TIME_MAGIC, 12, segmentBytes, timeFile);
      }
      if (problem != null) {
        return problem;
      }
      int n = off.getInt(FILE_HEADER - 4);
      if (time.getInt(FILE_HEADER - 4) != n) {
        return "offset and time index disagree on entry count";
      }
      long nextOffset = off.getLong(22);
      long maxTs = off.getLong(30);
      long lastAppend = time.getLong(30);
      int[] rels = new int[Math.max(n, 8)];
      int[] pos = new int[Math.max(n, 8)];
      long[] ts = new long[Math.max(n, 8)];
      for (int i = 0; i < n; i++) {
        rels[i] = off.getInt(FILE_HEADER + i * 8);
        pos[i] = off.getInt(FILE_HEADER + i * 8 + 4);
        ts[i] = time.getLong(FILE_HEADER + i * 12);
        if (time.getInt(FILE_HEADER + i * 12 + 8) != pos[i]
            || pos[i] >= segmentBytes || (i > 0 && (rels[i] < rels[i - 1] || pos[i] <= pos[i - 1]
            || ts[i] < ts[i - 1]))) {
          return "index entry " + i + " is inconsistent";
        }
      }
      relOffsets = rels;
      positions = pos;
      maxTsBefore = ts;
      lastIndexedPosition = n == 0 ? Long.MIN_VALUE : pos[n - 1];
      count = n;
      return new Summary(nextOffset, maxTs, lastAppend);
    } catch (IOException e) {
      return "unreadable index: " + e;
    }
  }

  private String check(ByteBuffer b, int magic, int entrySize, long segmentBytes, Path file) {
    if (b.limit() < FILE_HEADER + 4) {
      return file.getFileName() + " is truncated (" + b.limit() + " bytes)";
    }
    if (b.getInt(0) != magic) {
      return file.getFileName() + " is not an index file (bad magic)";
    }
    if (b.getShort(4) != VERSION) {
      return file.getFileName() + " has unknown index version " + b.getShort(4);
    }
    int n = b.getInt(FILE_HEADER - 4);
    if (n < 0 || b.limit() != FILE_HEADER + (long) n * entrySize + 4) {
      return file.getFileName() + " is truncated or has trailing bytes";
    }
    if (b.getInt(b.limit() - 4) != Crc.of(b, 0, b.limit() - 4)) {
      return file.getFileName() + " fails its CRC check";
    }
    if (b.getLong(6) != baseOffset) {
      return file.getFileName() + " belongs to base offset " + b.getLong(6);
    }
    if (b.getLong(14) != segmentBytes) {
      return file.getFileName() + " covers " + b.getLong(14) + " bytes but the segment has "
          + segmentBytes;
    }
    return null;
  }
}
