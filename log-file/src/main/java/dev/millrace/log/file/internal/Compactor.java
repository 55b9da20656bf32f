package dev.millrace.log.file.internal;

import dev.millrace.log.file.internal.Segment.OpenTxn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log compaction of one partition of a {@code compact} topic: keeps the latest committed record
 * of every key, drops aborted data and transaction markers, and drops tombstones older than the
 * topic's delete retention.
 *
 * <p>Works on flushed sealed segments wholly below the last stable offset only, so it never
 * touches the segment being appended to, one the flusher is still writing side files for, nor an
 * undecided transaction. Each run of segments is rewritten to {@code <base>.cleaned}, fsynced,
 * then swapped in for the originals (see FORMAT.md); a crash at any step leaves either the old or
 * the new segments, both with the same latest value per key, and a leftover {@code .cleaned} file
 * is deleted on open. Records keep their offsets, and a cleaned segment ends at the same offset
 * as the run it replaces, so offsets never move.
 *
 * <p>The leading segments it wrote (flagged in their headers) are the clean part, where each key
 * has one record at most; a pass indexes only the dirty segments after it, within a memory bound,
 * and drops a clean record when its key turns up there. So a pass costs memory for the keys
 * written since the last one, not for every key of the topic.
 *
 * <p>Every transaction with data in the run was decided before the pass, so the cleaned segment
 * holds its surviving records as plain batches, and its header lists the transactions still
 * open at the run's end (their markers lie in later segments) instead of those open at its
 * start. Recovery may scan a cleaned segment like any other (when its index files were lost):
 * the scan then ends in exactly the state a scan of the original run would have reached, though
 * the markers inside the run are gone.
 */
final class Compactor {
  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  static final String CLEANED_SUFFIX = ".cleaned";
  static final String SWAP_SUFFIX = ".swap";
  /**
   * A pass runs once at least this share of the compactable bytes was sealed since the last
   * pass (Kafka's min.cleanable.dirty.ratio): each pass rewrites every segment holding a
   * superseded record, so waiting for enough new data bounds the rewriting per appended byte.
   */
  static final int MIN_DIRTY_PERCENT = 50;

  private Compactor() {}

  /**
   * How much memory a pass may give its index of the dirty keys before it stops indexing at the
   * end of a segment (it indexes at least one): the next pass goes on from there.
   */
  static final long MAX_INDEX_BYTES = 64L << 20;

  /** Compacts what is compactable now; returns the number of segments replaced. */
  static int compact(PartitionLog p, long now) throws IOException {
    return compact(p, now, Integer.MAX_VALUE, MAX_INDEX_BYTES);
  }

  /**
   * Like {@link #compact(PartitionLog, long)} but stops after {@code maxSwaps} segment swaps, as
   * a crash in the middle of a pass would (tests use it to check every intermediate state), and
   * indexes dirty keys up to about {@code maxIndexBytes}.
   */
  static int compact(PartitionLog p, long now, int maxSwaps, long maxIndexBytes)
      throws IOException {
    Segment[] segs = p.segments();
    long lso = p.lastStableOffset();
    int n = 0;
    while (n < segs.length - 1 && segs[n + 1].baseOffset <= lso && segs[n].flushed) {
      n++;
    }
    if (n == 0) {
      return 0;
    }
    int firstDirty = 0; // segments before it are clean: compacted, no key twice among them
    long dirty = 0;
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += segs[i].size;
      if (segs[i].baseOffset >= p.compactedThrough) {
        dirty += segs[i].size;
      } else {
        firstDirty = i + 1;
      }
    }
    if (dirty * 100 < total * MIN_DIRTY_PERCENT && now < p.nextTombstoneExpiry) {
      return 0; // too little new data to pay for rewriting the cleaned part, no tombstone due
    }
    List<Segment> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        if (!segs[i].acquire()) {
          return 0; // retention or deletion raced us; try next time
        }
        held.add(segs[i]);
      }
      AbortedTxns.Matcher aborted =
          p.abortedTxns().overlapping(segs[0].baseOffset, segs[n].baseOffset);
      // Only dirty keys are indexed: the clean part holds each key once already, so a record
      // there is superseded exactly when its key turns up in the dirty part.
      KeyOffsetMap latest = new KeyOffsetMap();
      Map<Segment, List<OpenTxn>> openAtEnd = new HashMap<>();
      for (int i = 0; i < firstDirty; i++) {
        openAtEnd.put(segs[i], segs[i].headerOpenTxns); // plain batches only: no change
      }
      Map<Long, OpenTxn> open = new LinkedHashMap<>();
      int indexed = firstDirty; // segments [0, indexed) are rewritten by this pass
      while (indexed < n && (indexed == firstDirty || latest.footprint() < maxIndexBytes)) {
        Segment s = segs[indexed++];
        s.startTracking(open);
        s.scan(s.headerSize, (buf, at, pos) -> {
          Segment.trackTransactions(buf, at, open);
          if (isDropped(buf, at, aborted)) {
            return null;
          }
          long base = Batch.baseOffset(buf, at);
          int rec = at + Batch.HEADER_SIZE;
          for (int k = 0; k < Batch.recordCount(buf, at); k++) {
            int keyLength = Batch.recordKeyLength(buf, rec);
            if (keyLength >= 0) {
              latest.put(buf, Batch.recordKeyPosition(rec), keyLength,
                  base + Batch.recordOffsetDelta(buf, rec));
            }
            rec = Batch.recordEnd(buf, rec);
          }
          return null;
        });
        openAtEnd.put(s, List.copyOf(open.values()));
      }
      long horizon = now - p.topicConfig.deleteRetentionMs();
      long[] nextExpiry = {Long.MAX_VALUE};
      int replaced = 0;
      long cleanThrough = p.compactedThrough;
      for (List<Segment> group : groups(held.subList(0, indexed), p.topicConfig.segmentBytes())) {
        if (replaced >= maxSwaps) {
          return replaced;
        }
        Segment last = group.get(group.size() - 1);
        Path cleaned = group.get(0).sibling(CLEANED_SUFFIX);
        boolean changed;
        try {
          changed = rewrite(group, openAtEnd.get(last), cleaned, latest, aborted, horizon,
              nextExpiry, p.topicConfig.deleteRetentionMs());
        } catch (IOException e) {
          Files.deleteIfExists(cleaned); // a full disk, say: give its space back at once
          throw e;
        }
        if (!changed) {
          Files.deleteIfExists(cleaned);
        } else if (p.swapCompacted(group, cleaned)) {
          replaced++;
          LOG.debug("Compacted {} segment(s) from {}", group.size(), group.get(0).file);
        } else {
          break; // the partition changed under us: what follows is not clean
        }
        cleanThrough = Math.max(cleanThrough, last.nextOffset);
      }
      p.compactedThrough = cleanThrough;
      p.nextTombstoneExpiry = nextExpiry[0];
      return replaced;
    } finally {
      held.forEach(Segment::release);
    }
  }

  /**
   * Consecutive runs of segments whose files add up to at most {@code segmentBytes} (by their
   * size before cleaning) and whose offsets fit a segment's 32-bit relative offsets: each run is
   * rewritten into one segment, so compacted segments merge instead of piling up.
   */
  static List<List<Segment>> groups(List<Segment> segments, long segmentBytes) {
    List<List<Segment>> groups = new ArrayList<>();
    List<Segment> current = new ArrayList<>();
    long bytes = 0;
    for (Segment s : segments) {
      boolean fits = current.isEmpty() || (bytes + s.size <= segmentBytes
          && s.nextOffset - current.get(0).baseOffset < Integer.MAX_VALUE);
      if (!fits) {
        groups.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(s);
      bytes += s.size;
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  // ------------------------------------------------------------------ the swap protocol

  /** Name of a finished compaction output replacing segments with bases in [first, next). */
  static String swapName(long firstBase, long nextBase) {
    return String.format("%020d-%020d", firstBase, nextBase) + SWAP_SUFFIX;
  }

  /** {first, next} from a swap file name, or null if the name is not one. */
  static long[] parseSwapName(String name) {
    if (name.length() != 41 + SWAP_SUFFIX.length() || !name.endsWith(SWAP_SUFFIX)
        || name.charAt(20) != '-') {
      return null;
    }
    for (int i = 0; i < 41; i++) {
      if (i != 20 && !Character.isDigit(name.charAt(i))) {
        return null;
      }
    }
    return new long[] {Long.parseLong(name.substring(0, 20)),
        Long.parseLong(name.substring(21, 41))};
  }

  /**
   * Finishes a swap whose output is durable under its swap name: deletes the replaced segments
   * and their side files, then renames the output to the first one's segment name. Idempotent,
   * so recovery calls it again after a crash at any point inside.
   */
  static void completeSwap(Path swap) throws IOException {
    long[] range = parseSwapName(swap.getFileName().toString());
    Path dir = swap.getParent();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.length() > 21 && name.charAt(20) == '.') {
          long base = Segment.parseBaseOffset(name.substring(0, 20) + Segment.LOG_SUFFIX);
          boolean replaced = base >= range[0] && base < range[1];
          boolean firstLog = base == range[0] && name.endsWith(Segment.LOG_SUFFIX);
          if (replaced && !firstLog) {
            Files.delete(f);
          }
        }
      }
    }
    SafeFiles.moveAtomically(swap, dir.resolve(Segment.fileName(range[0])));
  }

  private static boolean isDropped(ByteBuffer buf, int at, AbortedTxns.Matcher aborted) {
    return Batch.isControl(buf, at) || (Batch.isTransactional(buf, at)
        && aborted.isAborted(Batch.producerId(buf, at), Batch.baseOffset(buf, at)));
  }

  /**
   * Writes the compacted copy of a group of consecutive segments as one segment, with the first
   * one's base offset and creation time and {@code openAtEnd} as its open transactions, ending
   * with an empty batch if needed to cover the group's offsets up to its end; returns false if it
   * would equal the original (a group of one compacted segment, unchanged).
   */
  private static boolean rewrite(List<Segment> group, List<OpenTxn> openAtEnd, Path cleaned,
      KeyOffsetMap latest, AbortedTxns.Matcher aborted, long horizon, long[] nextExpiry,
      long deleteRetention) throws IOException {
    boolean[] changed = {group.size() > 1 || !group.get(0).compacted // to mark it clean
        || !openAtEnd.equals(group.get(0).headerOpenTxns)};
    Segment first = group.get(0);
    Segment last = group.get(group.size() - 1);
    try (CleanedOutput out = new CleanedOutput(cleaned)) {
      long[] outNext = {first.baseOffset};
      out.write(Segment.encodeHeader(first.baseOffset, first.createdAt, openAtEnd, true));
      KeptRecords kept = new KeptRecords();
      for (Segment s : group) {
        Segment.ScanResult r = s.scan(s.headerSize, (buf, at, pos) -> {
          if (isDropped(buf, at, aborted)) {
            changed[0] = true;
            return null;
          }
          int count = Batch.recordCount(buf, at);
          if (count == 0) {
            return null; // an earlier pass's end filler; written again below if still needed
          }
          long base = Batch.baseOffset(buf, at);
          long appendTime = Batch.appendTime(buf, at);
          kept.clear();
          int rec = at + Batch.HEADER_SIZE;
          for (int k = 0; k < count; k++) {
            int end = Batch.recordEnd(buf, rec);
            long off = base + Batch.recordOffsetDelta(buf, rec);
            int keyLength = Batch.recordKeyLength(buf, rec);
            long latestOffset = keyLength < 0 ? off
                : latest.get(buf, Batch.recordKeyPosition(rec), keyLength);
            boolean keep = latestOffset == off || latestOffset == KeyOffsetMap.ABSENT;
            if (keep && keyLength >= 0 && Batch.recordValueIsNull(buf, rec)) {
              if (appendTime <= horizon) {
                keep = false;
              } else {
                nextExpiry[0] = Math.min(nextExpiry[0], appendTime + deleteRetention + 1);
              }
            }
            if (keep) {
              kept.add(rec, end);
            }
            rec = end;
          }
          try {
            if (kept.count() == count && !Batch.isTransactional(buf, at)) {
              out.write(buf, at, at + Batch.totalSize(buf, at));
              outNext[0] = Batch.lastOffset(buf, at) + 1;
            } else {
              changed[0] = true;
              if (kept.count() > 0) {
                out.writePlain(buf, at, kept);
                outNext[0] = Batch.lastOffset(buf, at) + 1;
              }
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return null;
        });
        if (r.problem() != null) {
          LOG.warn("Not compacting {}: it is unreadable at position {} ({})", s.file, r.validEnd(),
              r.problem());
          return false;
        }
      }
      if (outNext[0] < last.nextOffset) { // the dropped tail's offsets stay taken
        out.write(Batch.emptyBatch(outNext[0], last.nextOffset - 1, last.lastAppendTime));
      }
      out.flushAndForce();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return changed[0];
  }

  /**
   * The cleaned segment being written: batches gather in a buffer that goes to the file a
   * megabyte at a time, so a pass makes few large writes and allocates nothing per batch.
   */
  private static final class CleanedOutput implements AutoCloseable {
    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long flushed;

    CleanedOutput(Path file) throws IOException {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    }

    void write(ByteBuffer src) throws IOException {
      write(src, src.position(), src.limit());
    }

    /** Appends {@code src[from, to)}. */
    void write(ByteBuffer src, int from, int to) throws IOException {
      reserve(to - from);
      buffer.put(buffer.position(), src, from, to - from);
      buffer.position(buffer.position() + to - from);
    }

    /**
     * Appends the batch at {@code at} with only its {@code kept} records, as a plain batch: the
     * transaction its records were committed in is settled, so they read like plain appends.
     */
    void writePlain(ByteBuffer src, int at, KeptRecords kept) throws IOException {
      int size = Batch.HEADER_SIZE + kept.bytes();
      reserve(size);
      int start = buffer.position();
      write(src, at, at + Batch.HEADER_SIZE);
      for (int i = 0; i < kept.count(); i++) {
        write(src, kept.start(i), kept.end(i));
      }
      buffer.putInt(start + Batch.LENGTH_OFFSET, size - 4);
      buffer.putInt(start + Batch.RECORD_COUNT, kept.count());
      buffer.putShort(start + Batch.ATTRIBUTES, (short) 0);
      buffer.putLong(start + Batch.PRODUCER_ID, Batch.NO_PRODUCER);
      buffer.putShort(start + Batch.PRODUCER_EPOCH, Batch.NO_EPOCH);
      buffer.putInt(start + Batch.CRC_OFFSET,
          Crc.of(buffer, start + Batch.BASE_OFFSET, start + size));
    }

    private void reserve(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
        if (buffer.capacity() < bytes) {
          buffer = ByteBuffer.allocateDirect(bytes);
        }
      }
    }

    private void flush() throws IOException {
      buffer.flip();
      int n = buffer.remaining();
      SafeFiles.writeFully(channel, buffer, flushed);
      flushed += n;
      buffer.clear();
    }

    void flushAndForce() throws IOException {
      flush();
      channel.force(true);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Where the records a batch keeps start and end in the scan buffer, reused batch after batch. */
  private static final class KeptRecords {
    private int[] bounds = new int[128];
    private int count;

    void clear() {
      count = 0;
    }

    void add(int start, int end) {
      if (bounds.length < 2 * count + 2) {
        bounds = Arrays.copyOf(bounds, 2 * bounds.length);
      }
      bounds[2 * count] = start;
      bounds[2 * count + 1] = end;
      count++;
    }

    int count() {
      return count;
    }

    int start(int i) {
      return bounds[2 * i];
    }

    int end(int i) {
      return bounds[2 * i + 1];
    }

    int bytes() {
      int n = 0;
      for (int i = 0; i < count; i++) {
        n += end(i) - start(i);
      }
      return n;
    }
  }
}
