package dev.millrace.log.file.internal;

import dev.millrace.log.LogStorageException;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.UnknownTopicOrPartitionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The read path of a partition: walks the current segments without any lock, from the sparse
 * index position of the wanted offset, batch by batch, checking each batch's CRC before decoding
 * it and skipping transaction markers and aborted batches. Segments are {@link Segment#acquire
 * acquired} for the duration of a read, so retention and compaction may retire them meanwhile.
 */
final class PartitionReader {
  private static final int READ_CHUNK = 256 * 1024;
  /*
   * Reads use positional FileChannel reads into a per-thread direct buffer rather than mmap: in
   * FileLogReadBenchmark a mapped copy moves bytes ~1.7x faster than a positional read, but CRC
   * checking and decoding records into StoredRecords cost several times the copy, so the gain is
   * small, while mappings cannot be released deterministically (retired and compacted segments)
   * and fault with SIGBUS if a tailed file is truncated under them.
   */
  private static final ThreadLocal<ByteBuffer[]> READ_BUFFER =
      ThreadLocal.withInitial(() -> new ByteBuffer[] {ByteBuffer.allocateDirect(READ_CHUNK)});

  private final TopicPartition tp;
  private final Supplier<Segment[]> segments;

  PartitionReader(TopicPartition tp, Supplier<Segment[]> segments) {
    this.tp = tp;
    this.segments = segments;
  }

  /**
   * Adds to {@code out} the readable records from {@code offset} up to {@code limit}, within the
   * record and byte limits; returns the offset to read next.
   */
  long read(long offset, long limit, int maxRecords, int maxBytes,
      AbortedTxns.Matcher abortedHere, List<StoredRecord> out) {
    Walk walk = new Walk(offset, limit, maxRecords, maxBytes, abortedHere, out);
    walk.run();
    return walk.next;
  }

  /** One read's walk over the segments. */
  private final class Walk {
    long next;
    final long limit;
    final int maxRecords;
    final int maxBytes;
    final AbortedTxns.Matcher abortedHere;
    final List<StoredRecord> out;
    int bytes;

    Walk(long next, long limit, int maxRecords, int maxBytes, AbortedTxns.Matcher abortedHere,
        List<StoredRecord> out) {
      this.next = next;
      this.limit = limit;
      this.maxRecords = maxRecords;
      this.maxBytes = maxBytes;
      this.abortedHere = abortedHere;
      this.out = out;
    }

    void run() {
      Segment[] segs = segments.get();
      int i = segmentIndexFor(segs, next);
      while (i < segs.length) {
        Segment seg = segs[i];
        if (!seg.acquire()) { // replaced or deleted meanwhile: look again
          segs = segments.get(); // never holds a retired segment: they are dropped first
          if (segs.length == 0) {
            throw new UnknownTopicOrPartitionException("partition " + tp
                + " was deleted or its log closed while being read at offset " + next);
          }
          i = segmentIndexFor(segs, next);
          continue;
        }
        try {
          if (!readSegment(seg)) {
            return;
          }
        } catch (IOException e) {
          throw new LogStorageException("cannot read " + seg.file + " for " + tp + " at offset "
              + next + ": " + e.getMessage(), e);
        } finally {
          seg.release();
        }
        i++;
      }
      next = Math.max(next, limit);
    }

    /** Returns false once the read is complete (limit reached or result full). */
    private boolean readSegment(Segment seg) throws IOException {
      long pos = seg.index.positionFor(next);
      if (pos < 0) {
        pos = seg.headerSize;
      }
      long end = seg.size;
      ByteBuffer[] holder = READ_BUFFER.get();
      while (pos < end) {
        ByteBuffer buf = holder[0];
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), end - pos));
        SafeFiles.readFully(seg.channel, buf, pos);
        buf.flip();
        int at = 0;
        while (buf.limit() - at >= Batch.HEADER_SIZE) {
          int total = Batch.totalSize(buf, at);
          if (total < Batch.HEADER_SIZE || pos + at + total > end) {
            throw corrupt(seg, pos + at, "batch length " + total + " is out of range");
          }
          if (total > buf.limit() - at) {
            if (at == 0) {
              holder[0] = ByteBuffer.allocateDirect(total);
            }
            break;
          }
          long base = Batch.baseOffset(buf, at);
          if (base >= limit) {
            next = limit;
            return false;
          }
          long last = Batch.lastOffset(buf, at);
          if (last >= next) {
            if (!Batch.crcMatches(buf, at)) {
              throw corrupt(seg, pos + at, "CRC mismatch");
            }
            boolean skip = Batch.isControl(buf, at) || (Batch.isTransactional(buf, at)
                && abortedHere.isAborted(Batch.producerId(buf, at), base));
            if (!skip && !decode(buf, at, base)) {
              return false;
            }
            next = last + 1;
            if (out.size() >= maxRecords) {
              return false;
            }
          }
          at += total;
        }
        pos += at;
      }
      return true;
    }

    /** Adds the batch's records at or after {@code next}; false if the result filled up. */
    private boolean decode(ByteBuffer buf, int at, long base) {
      int n = Batch.recordCount(buf, at);
      int rec = at + Batch.HEADER_SIZE;
      for (int k = 0; k < n; k++) {
        int recEnd = Batch.recordEnd(buf, rec);
        long off = base + Batch.recordOffsetDelta(buf, rec);
        if (off >= next) {
          if (out.size() >= maxRecords) {
            next = off;
            return false;
          }
          StoredRecord sr = Batch.decodeRecord(buf, rec, base);
          int size = sr.sizeInBytes();
          if (!out.isEmpty() && bytes + size > maxBytes) {
            next = off;
            return false;
          }
          out.add(sr);
          bytes += size;
          next = off + 1;
        }
        rec = recEnd;
      }
      return true;
    }
  }

  private LogStorageException corrupt(Segment seg, long position, String why) {
    return new LogStorageException("corrupt batch in " + seg.file + " at position " + position
        + " (" + why + ") while reading " + tp + "; refusing to return it");
  }

  private static int segmentIndexFor(Segment[] segs, long offset) {
    int lo = 0;
    int hi = segs.length - 1;
    int found = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (segs[mid].baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * The first offset in {@code [start, limit)} of a readable record whose timestamp is at or
   * after {@code timestamp}.
   */
  OptionalLong offsetForTimestamp(long timestamp, long start, long limit,
      AbortedTxns.Matcher abortedHere) {
    Segment[] segs = segments.get();
    for (Segment seg : segs) {
      if (seg.maxTimestamp < timestamp || seg.nextOffset <= start) {
        if (seg.baseOffset >= limit) {
          break;
        }
        continue;
      }
      if (!seg.acquire()) {
        continue;
      }
      try {
        long found = findTimestamp(seg, timestamp, start, limit, abortedHere);
        if (found >= 0) {
          return OptionalLong.of(found);
        }
        if (found == -2) {
          break;
        }
      } catch (IOException e) {
        throw new LogStorageException("cannot read " + seg.file + " for " + tp + ": " + e, e);
      } finally {
        seg.release();
      }
    }
    return OptionalLong.empty();
  }

  /** Offset of the first qualifying record in the segment, -1 if none, -2 if the limit passed. */
  private long findTimestamp(Segment seg, long ts, long start, long limit,
      AbortedTxns.Matcher abortedHere) throws IOException {
    long pos = seg.index.positionForTimestamp(ts);
    if (pos < 0) {
      pos = seg.headerSize;
    }
    long end = seg.size;
    while (pos < end) {
      ByteBuffer buf = ByteBuffer.allocate(Batch.HEADER_SIZE);
      SafeFiles.readFully(seg.channel, buf, pos);
      int total = Batch.totalSize(buf, 0);
      if (total < Batch.HEADER_SIZE || pos + total > end) {
        throw corrupt(seg, pos, "batch length " + total + " is out of range");
      }
      long base = Batch.baseOffset(buf, 0);
      if (base >= limit) {
        return -2;
      }
      boolean skip = Batch.isControl(buf, 0) || Batch.maxTimestamp(buf, 0) < ts
          || Batch.lastOffset(buf, 0) < start
          || (Batch.isTransactional(buf, 0)
              && abortedHere.isAborted(Batch.producerId(buf, 0), base));
      if (!skip) {
        ByteBuffer whole = ByteBuffer.allocate(total);
        SafeFiles.readFully(seg.channel, whole, pos);
        if (!Batch.crcMatches(whole, 0)) {
          throw corrupt(seg, pos, "CRC mismatch");
        }
        int rec = Batch.HEADER_SIZE;
        for (int k = 0; k < Batch.recordCount(whole, 0); k++) {
          long off = base + Batch.recordOffsetDelta(whole, rec);
          if (off >= start && Batch.recordTimestamp(whole, rec) >= ts) {
            return off;
          }
          rec = Batch.recordEnd(whole, rec);
        }
      }
      pos += total;
    }
    return -1;
  }
}
