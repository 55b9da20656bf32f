package dev.millrace.log.memory.internal;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.OffsetOutOfRangeException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The records of one partition, kept as {@link StoredRecord} objects in fixed-size chunks so that
 * reads hand them out without copying and appends never move old data.
 *
 * <p>Concurrency: appends, markers and deletions serialize on a per-partition lock and end by
 * publishing an immutable {@link View} through one volatile field. Readers never lock: they read
 * the view once and then touch only slots below its end offset, which were written before the view
 * was published. Chunk arrays are shared between views; a writer only fills slots beyond the
 * published end, and deletion replaces the chunk directory rather than clearing it, so a reader
 * holding an older view still sees a coherent prefix.
 *
 * <p>A transaction marker occupies an offset whose record slot stays {@code null}. A
 * transactional record's slot in the chunk's owner array points at its {@link Transaction}, whose
 * volatile status decides its visibility to {@code read_committed} reads in O(1); that per-record
 * owner is this log's aborted-transactions index, with no scan for markers ever needed.
 */
public final class PartitionLog {
  private static final int CHUNK_SHIFT = 10;
  private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
  private static final int CHUNK_MASK = CHUNK_SIZE - 1;
  private static final int MAX_INITIAL_READ_CAPACITY = 4096;
  private static final OpenTransaction[] NO_OPEN_TRANSACTIONS = new OpenTransaction[0];

  private final TopicPartition id;
  private final Object writeLock = new Object();
  private final CopyOnWriteArrayList<Thread> waiters = new CopyOnWriteArrayList<>();
  private volatile View view = new View(0, 0, new Chunk[0], 0, NO_OPEN_TRANSACTIONS);
  private volatile boolean deleted;

  /** One block of consecutive offsets. */
  private static final class Chunk {
    final StoredRecord[] records = new StoredRecord[CHUNK_SIZE];
    /** Owner transaction per slot; allocated on the first transactional write to this chunk. */
    volatile Transaction[] owners;
    /** Largest timestamp in the chunk, so that timestamp lookups can skip whole chunks. */
    volatile long maxTimestamp = Long.MIN_VALUE;

    Transaction[] ownersForWrite() {
      Transaction[] o = owners;
      if (o == null) {
        o = new Transaction[CHUNK_SIZE];
        owners = o;
      }
      return o;
    }
  }

  /** A transaction that wrote to this partition and has no marker here yet. */
  private record OpenTransaction(Transaction transaction, long firstOffset) {}

  /**
   * What readers see: offsets {@code [beginning, end)}; {@code chunks[i]} holds the chunk starting
   * at offset {@code (firstChunk + i) * CHUNK_SIZE}.
   */
  private record View(long beginning, long end, Chunk[] chunks, long firstChunk,
      OpenTransaction[] open) {

    Chunk chunkOf(long offset) {
      return chunks[(int) ((offset >>> CHUNK_SHIFT) - firstChunk)];
    }

    long lastStableOffset() {
      long lso = end;
      for (OpenTransaction t : open) {
        if (t.firstOffset < lso && t.transaction.isOpen()) {
          lso = t.firstOffset;
        }
      }
      return lso;
    }
  }

  public PartitionLog(TopicPartition id) {
    this.id = id;
  }

  public TopicPartition id() {
    return id;
  }

  public long beginningOffset() {
    return view.beginning;
  }

  public long endOffset() {
    return view.end;
  }

  public long lastStableOffset() {
    return view.lastStableOffset();
  }

  /** The offset a reader at {@code isolation} may read up to, exclusive. */
  public long readableEnd(IsolationLevel isolation) {
    View v = view;
    return isolation == IsolationLevel.READ_COMMITTED ? v.lastStableOffset() : v.end;
  }

  boolean isDeleted() {
    return deleted;
  }

  /** Marks the partition gone (its topic was deleted) and wakes its waiters so they notice. */
  void markDeleted() {
    deleted = true;
    wakeWaiters();
  }

  /** Appends a validated batch outside any transaction; returns the first record's offset. */
  public long append(List<LogRecord> records) {
    return append(records, null);
  }

  /**
   * Appends a batch, inside {@code transaction} if it is not null. The caller has validated the
   * batch (not empty, no null element).
   *
   * @return the offset of the first record
   */
  long append(List<LogRecord> records, Transaction transaction) {
    long base;
    synchronized (writeLock) {
      View v = view;
      base = v.end;
      OpenTransaction[] open = v.open;
      if (transaction != null && !contains(open, transaction)) {
        open = Arrays.copyOf(open, open.length + 1);
        open[open.length - 1] = new OpenTransaction(transaction, base);
      }
      Chunk[] chunks = v.chunks;
      int remaining = records.size();
      Iterator<LogRecord> it = records.iterator();
      long offset = base;
      while (remaining > 0) {
        chunks = ensureChunk(chunks, v.firstChunk, offset);
        Chunk chunk = chunks[(int) ((offset >>> CHUNK_SHIFT) - v.firstChunk)];
        int slot = (int) (offset & CHUNK_MASK);
        int count = Math.min(remaining, CHUNK_SIZE - slot);
        Transaction[] owners = transaction == null ? null : chunk.ownersForWrite();
        StoredRecord[] slots = chunk.records;
        long maxTimestamp = chunk.maxTimestamp;
        for (int i = 0; i < count; i++) {
          LogRecord r = it.next();
          slots[slot + i] = StoredRecord.at(offset + i, r);
          if (owners != null) {
            owners[slot + i] = transaction;
          }
          if (r.timestamp() > maxTimestamp) {
            maxTimestamp = r.timestamp();
          }
        }
        chunk.maxTimestamp = maxTimestamp;
        offset += count;
        remaining -= count;
      }
      view = new View(v.beginning, offset, chunks, v.firstChunk, open);
    }
    wakeWaiters();
    return base;
  }

  /**
   * Writes the commit or abort marker of a transaction that wrote here; its status is already
   * decided, so the last stable offset has already moved past it.
   */
  void appendMarker(Transaction transaction) {
    synchronized (writeLock) {
      View v = view;
      Chunk[] chunks = ensureChunk(v.chunks, v.firstChunk, v.end);
      OpenTransaction[] open = v.open;
      int at = indexOf(open, transaction);
      if (at >= 0) {
        OpenTransaction[] shrunk = new OpenTransaction[open.length - 1];
        System.arraycopy(open, 0, shrunk, 0, at);
        System.arraycopy(open, at + 1, shrunk, at, open.length - at - 1);
        open = shrunk.length == 0 ? NO_OPEN_TRANSACTIONS : shrunk;
      }
      view = new View(v.beginning, v.end + 1, chunks, v.firstChunk, open);
    }
    wakeWaiters();
  }

  /** Returns a directory holding a chunk for {@code offset}, growing it if needed (lock held). */
  private static Chunk[] ensureChunk(Chunk[] chunks, long firstChunk, long offset) {
    int index = (int) ((offset >>> CHUNK_SHIFT) - firstChunk);
    if (index < chunks.length && chunks[index] != null) {
      return chunks;
    }
    Chunk[] result = chunks;
    if (index >= chunks.length) {
      // Old views keep the old array; the new one is published with the next view.
      result = Arrays.copyOf(chunks, Math.max(4, Math.max(index + 1, chunks.length * 2)));
    }
    result[index] = new Chunk();
    return result;
  }

  private static boolean contains(OpenTransaction[] open, Transaction t) {
    return indexOf(open, t) >= 0;
  }

  private static int indexOf(OpenTransaction[] open, Transaction t) {
    for (int i = 0; i < open.length; i++) {
      if (open[i].transaction == t) {
        return i;
      }
    }
    return -1;
  }

  /** See {@link dev.millrace.log.Log#read}; arguments are already validated. */
  public ReadResult read(long offset, int maxRecords, int maxBytes, IsolationLevel isolation) {
    View v = view;
    checkInRange(v, offset);
    boolean committed = isolation == IsolationLevel.READ_COMMITTED;
    long lso = v.lastStableOffset();
    long limit = committed ? lso : v.end;
    if (offset >= limit) {
      return new ReadResult(List.of(), offset, v.end, lso);
    }
    // Sized for the likely answer: no more than the records in range, the record limit, or
    // what fits in maxBytes at the smallest possible record size; grown if that was too small.
    long likely = Math.min(Math.min(maxRecords, limit - offset),
        maxBytes / LogRecord.OVERHEAD_BYTES + 1);
    StoredRecord[] out = new StoredRecord[(int) Math.min(likely, MAX_INITIAL_READ_CAPACITY)];
    int n = 0;
    long bytes = 0;
    long next = limit;
    long position = offset;
    scan:
    while (position < limit) {
      Chunk chunk = v.chunkOf(position);
      long chunkBase = position & ~(long) CHUNK_MASK;
      int from = (int) (position - chunkBase);
      int to = (int) Math.min(CHUNK_SIZE, limit - chunkBase);
      Transaction[] owners = committed ? chunk.owners : null;
      StoredRecord[] slots = chunk.records;
      for (int s = from; s < to; s++) {
        StoredRecord r = slots[s];
        if (r == null) {
          continue; // a transaction marker
        }
        if (owners != null) {
          Transaction owner = owners[s];
          if (owner != null && !owner.isCommitted()) {
            continue; // below the LSO, so its transaction was aborted
          }
        }
        int size = r.sizeInBytes();
        if (n > 0 && bytes + size > maxBytes) {
          next = chunkBase + s;
          break scan;
        }
        if (n == out.length) {
          out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, maxRecords));
        }
        out[n++] = r;
        bytes += size;
        if (n == maxRecords) {
          next = chunkBase + s + 1;
          break scan;
        }
      }
      position = chunkBase + to;
    }
    return new ReadResult(n == 0 ? List.of() : new RecordsView(out, n), next, v.end, lso);
  }

  /** See {@link dev.millrace.log.Log#offsetForTimestamp}. */
  public OptionalLong offsetForTimestamp(long timestamp, IsolationLevel isolation) {
    View v = view;
    boolean committed = isolation == IsolationLevel.READ_COMMITTED;
    long limit = committed ? v.lastStableOffset() : v.end;
    long position = v.beginning;
    while (position < limit) {
      Chunk chunk = v.chunkOf(position);
      long chunkBase = position & ~(long) CHUNK_MASK;
      int to = (int) Math.min(CHUNK_SIZE, limit - chunkBase);
      if (chunk.maxTimestamp >= timestamp) {
        Transaction[] owners = committed ? chunk.owners : null;
        for (int s = (int) (position - chunkBase); s < to; s++) {
          StoredRecord r = chunk.records[s];
          if (r == null || r.timestamp() < timestamp) {
            continue;
          }
          Transaction owner = owners == null ? null : owners[s];
          if (owner == null || owner.isCommitted()) {
            return OptionalLong.of(r.offset());
          }
        }
      }
      position = chunkBase + to;
    }
    return OptionalLong.empty();
  }

  /**
   * Raises the beginning offset to {@code offset} and drops every chunk wholly below it. Slots
   * below the beginning inside the first kept chunk stay until that chunk goes too, because a
   * concurrent reader may legitimately still be reading them.
   */
  public void deleteRecordsBefore(long offset) {
    synchronized (writeLock) {
      View v = view;
      if (offset <= v.beginning) {
        return;
      }
      long lso = v.lastStableOffset();
      if (offset > lso) {
        throw new OffsetOutOfRangeException("cannot delete records of " + id + " before offset "
            + offset + ": it is beyond the last stable offset " + lso + " (end offset " + v.end
            + ")");
      }
      long newFirstChunk = offset >>> CHUNK_SHIFT;
      int drop = (int) (newFirstChunk - v.firstChunk);
      Chunk[] chunks = v.chunks;
      long firstChunk = v.firstChunk;
      if (drop > 0) {
        chunks = new Chunk[Math.max(4, v.chunks.length)];
        if (drop < v.chunks.length) {
          System.arraycopy(v.chunks, drop, chunks, 0, v.chunks.length - drop);
        }
        firstChunk = newFirstChunk;
      }
      view = new View(offset, v.end, chunks, firstChunk, v.open);
    }
  }

  private void checkInRange(View v, long offset) {
    if (offset < v.beginning || offset > v.end) {
      throw new OffsetOutOfRangeException("offset " + offset + " is out of range for " + id
          + ": readable offsets are [" + v.beginning + ", " + v.end + "]");
    }
  }

  // ------------------------------------------------------------------ waiting

  void addWaiter(Thread thread) {
    waiters.add(thread);
  }

  void removeWaiter(Thread thread) {
    waiters.remove(thread);
  }

  /** Called after every publication; costs one volatile read when nobody waits. */
  void wakeWaiters() {
    if (!waiters.isEmpty()) {
      for (Thread t : waiters) {
        LockSupport.unpark(t);
      }
    }
  }

  @Override
  public String toString() {
    return id.toString();
  }
}
