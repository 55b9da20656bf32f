package dev.millrace.log.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The aborted transactions of a partition (or of one segment): for each, the producer id, the
 * transaction's first offset in the partition and the offset of its abort marker. Lets
 * {@code read_committed} readers skip aborted batches without rescanning the log.
 *
 * <p>Entries arrive in marker-offset order from one writer; readers query without locks (entry
 * written before the volatile count publishes it).
 */
final class AbortedTxns {
  static final int MAGIC = 0x4D524158; // "MRAX"
  static final short VERSION = 1;
  private static final int FILE_HEADER = 4 + 2 + 8 + 8 + 4;

  private volatile long[] producerIds = new long[4];
  private volatile long[] firstOffsets = new long[4];
  private volatile long[] markerOffsets = new long[4];
  private volatile int count;

  int count() {
    return count;
  }

  void add(long producerId, long firstOffset, long markerOffset) {
    int n = count;
    if (n == producerIds.length) {
      producerIds = Arrays.copyOf(producerIds, n * 2);
      firstOffsets = Arrays.copyOf(firstOffsets, n * 2);
      markerOffsets = Arrays.copyOf(markerOffsets, n * 2);
    }
    producerIds[n] = producerId;
    firstOffsets[n] = firstOffset;
    markerOffsets[n] = markerOffset;
    count = n + 1;
  }

  void addAll(AbortedTxns other) {
    for (int i = 0; i < other.count; i++) {
      add(other.producerIds[i], other.firstOffsets[i], other.markerOffsets[i]);
    }
  }

  /**
   * The aborted transactions that overlap {@code [from, to)}, as a compact matcher for one read.
   */
  Matcher overlapping(long from, long to) {
    int n = count;
    long[] last = markerOffsets;
    long[] first = firstOffsets;
    long[] pids = producerIds;
    int lo = 0;
    int hi = n;
    while (lo < hi) { // first entry whose marker is at or after `from`
      int mid = (lo + hi) >>> 1;
      if (last[mid] < from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    List<long[]> hits = null;
    for (int i = lo; i < n; i++) {
      if (first[i] < to) {
        if (hits == null) {
          hits = new ArrayList<>(4);
        }
        hits.add(new long[] {pids[i], first[i], last[i]});
      }
    }
    return hits == null ? Matcher.NONE : new Matcher(hits);
  }

  /** Answers "is the batch of producer p at offset o aborted" for one read. */
  static final class Matcher {
    static final Matcher NONE = new Matcher(List.of());
    private final List<long[]> entries;

    Matcher(List<long[]> entries) {
      this.entries = entries;
    }

    boolean isAborted(long producerId, long batchBaseOffset) {
      for (long[] e : entries) {
        if (e[0] == producerId && e[1] <= batchBaseOffset && batchBaseOffset <= e[2]) {
          return true;
        }
      }
      return false;
    }

    boolean isEmpty() {
      return entries.isEmpty();
    }
  }

  // -------------------------------------------------------------- per-segment .txnindex file

  void write(ChannelFactory channels, Path file, long baseOffset, long coveredBytes)
      throws IOException {
    int n = count;
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER + n * 24 + 4);
    b.putInt(MAGIC).putShort(VERSION).putLong(baseOffset).putLong(coveredBytes).putInt(n);
    for (int i = 0; i < n; i++) {
      b.putLong(producerIds[i]).putLong(firstOffsets[i]).putLong(markerOffsets[i]);
    }
    b.putInt(Crc.of(b, 0, b.position())).flip();
    SafeFiles.writeRebuildable(channels, file, b);
  }

  /** Loads a .txnindex file into this empty instance; returns why not, or null on success. */
  String load(Path file, long baseOffset, long coveredBytes) {
    try {
      if (!Files.exists(file)) {
        return "transaction index missing";
      }
      ByteBuffer b = SafeFiles.readAll(file);
      if (b.limit() < FILE_HEADER + 4 || b.getInt(0) != MAGIC) {
        return file.getFileName() + " is not a transaction index";
      }
      if (b.getShort(4) != VERSION) {
        return file.getFileName() + " has unknown version " + b.getShort(4);
      }
      int n = b.getInt(FILE_HEADER - 4);
      if (n < 0 || b.limit() != FILE_HEADER + (long) n * 24 + 4
          || b.getInt(b.limit() - 4) != Crc.of(b, 0, b.limit() - 4)) {
        return file.getFileName() + " is truncated or fails its CRC check";
      }
      if (b.getLong(6) != baseOffset || b.getLong(14) != coveredBytes) {
        return file.getFileName() + " describes another segment state";
      }
      for (int i = 0; i < n; i++) {
        int p = FILE_HEADER + i * 24;
        add(b.getLong(p), b.getLong(p + 8), b.getLong(p + 16));
      }
      return null;
    } catch (IOException e) {
      return "unreadable transaction index: " + e;
    }
  }
}
