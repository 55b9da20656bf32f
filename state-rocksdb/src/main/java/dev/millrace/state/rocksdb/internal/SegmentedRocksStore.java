package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.WindowBytesStore;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A store whose entries each carry a timestamp, kept in time {@link Segments} for a {@link
 * Retention}: it tracks the stream time (the largest timestamp committed, stored atomically with
 * each commit), ignores writes and hides reads that are expired at it, and drops segments that fall
 * wholly out of retention right after each commit. Subclasses say which timestamp an entry has and
 * how its RocksDB key is laid out.
 *
 * @param <K> the store's entry address, e.g. a window key
 */
abstract class SegmentedRocksStore<K> extends RocksStore {
  final Retention retention;
  final Segments segments;
  private volatile long streamTime;

  SegmentedRocksStore(StoreDb db, Retention retention) {
    super(db);
    this.retention = retention;
    this.segments = new Segments(db, retention.segmentIntervalMs());
    this.streamTime = db.readStreamTime(WindowBytesStore.NO_STREAM_TIME);
    // A crash between a commit and its segment drop leaves expired segments behind.
    segments.dropBefore(segments.segmentId(retention.firstLiveTimestamp(streamTime)));
  }

  /** The timestamp that places {@code key} in a segment and decides its expiry. */
  abstract long timestamp(K key);

  /** {@code key}'s RocksDB key within its segment. */
  abstract byte[] encode(K key);

  public Retention retention() {
    return retention;
  }

  public long streamTime() {
    return streamTime;
  }

  /** The smallest timestamp a read may still return. */
  final long firstLiveTimestamp() {
    return retention.firstLiveTimestamp(streamTime);
  }

  /** The value at exactly {@code key}, or null, also if {@code key} is expired. */
  final byte[] get(K key) {
    long timestamp = timestamp(key);
    if (retention.isExpired(timestamp, streamTime)) {
      return null;
    }
    long id = segments.segmentId(timestamp);
    return db.get(() -> segments.get(id), encode(key));
  }

  /** Reads, through {@code scan}, the segments that hold timestamps {@code from..to}, oldest first. */
  final <T> KeyValueIterator<T, byte[]> scan(long from, long to, Scan<T> scan) {
    return db.scan(() -> segments.between(segments.segmentId(from), segments.segmentId(to)), scan);
  }

  public void commit(Map<K, byte[]> writes, long checkpoint) {
    Checks.checkpoint(db.name(), checkpoint);
    long newStreamTime = streamTimeAfter(writes);
    long firstLive = retention.firstLiveTimestamp(newStreamTime);
    commitBatch(batch -> {
      for (Map.Entry<K, byte[]> w : writes.entrySet()) {
        long timestamp = timestamp(w.getKey());
        if (timestamp >= firstLive) {
          write(batch, segments.segmentId(timestamp), encode(w.getKey()), w.getValue());
        }
      }
      db.putStreamTime(batch, newStreamTime);
    }, checkpoint);
    this.streamTime = newStreamTime;
    segments.dropBefore(segments.segmentId(firstLive));
  }

  private long streamTimeAfter(Map<K, byte[]> writes) {
    long t = streamTime;
    for (K key : writes.keySet()) {
      t = Math.max(t, timestamp(key));
    }
    return t;
  }

  private void write(WriteBatch batch, long segmentId, byte[] rawKey, byte[] value)
      throws RocksDBException {
    if (value == null) {
      ColumnFamilyHandle h = segments.get(segmentId);
      if (h != null) {
        batch.delete(h, rawKey);
      }
    } else {
      batch.put(segments.getOrCreate(segmentId), rawKey, value);
    }
  }

  public void beginRestore(long expectedRecords) {
    db.beginRestore(segments.all());
  }

  /** For tests in this package. */
  int segmentCount() {
    return segments.count();
  }
}
