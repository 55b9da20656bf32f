package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A window store segmented by window start; entries laid out as in {@link KeyCodec#window}.
 * A commit's data, checkpoint and stream time go into one {@link WriteBatch}; segments that fall
 * wholly out of retention are dropped right after.
 */
public final class RocksWindowStore implements WindowBytesStore {
  private final StoreDb db;
  private final Retention retention;
  private final Segments segments;
  private volatile long streamTime;
  private volatile long checkpoint;

  private RocksWindowStore(StoreDb db, Retention retention) {
    this.db = db;
    this.retention = retention;
    this.segments = new Segments(db, retention.segmentIntervalMs());
    this.checkpoint = db.readCheckpoint();
    this.streamTime = db.readStreamTime(NO_STREAM_TIME);
    // A crash between a commit and its segment drop leaves expired segments behind.
    segments.dropBefore(segments.segmentId(retention.firstLiveTimestamp(streamTime)));
  }

  /** Opens the store; see {@link StoreDb#open} for the failures. */
  public static RocksWindowStore open(StoreContext context, Retention retention,
      EngineSettings settings, SharedMemory memory) {
    StoreMetadata expected = StoreMetadata.current(context.applicationId(), context.storeName(),
        StoreMetadata.WINDOW, retention.segmentIntervalMs());
    StoreDb db = StoreDb.open(context, expected, settings, memory);
    try {
      return new RocksWindowStore(db, retention);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return db.name();
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public Retention retention() {
    return retention;
  }

  @Override
  public byte[] fetch(Bytes key, long windowStart) {
    if (retention.isExpired(windowStart, streamTime)) {
      return null;
    }
    long id = segments.segmentId(windowStart);
    return db.get(() -> segments.get(id), KeyCodec.window(key.get(), windowStart));
  }

  @Override
  public KeyValueIterator<WindowKey, byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    long from = Math.max(timeFrom, retention.firstLiveTimestamp(streamTime));
    byte[] k = key.get();
    byte[] lower = KeyCodec.window(k, from);
    byte[] upper = KeyCodec.window(k, timeTo);
    int length = k.length + KeyCodec.TIMESTAMP_SIZE;
    return db.scan(() -> segments.between(segments.segmentId(from), segments.segmentId(timeTo)),
        new Scan<>() {
          @Override
          void seek(RocksIterator it) {
            it.seek(lower);
          }

          @Override
          Object decode(byte[] raw) {
            if (Arrays.compareUnsigned(raw, upper) > 0) {
              return STOP;
            }
            // Between lower and upper every key starts with k; longer record keys interleave.
            return raw.length == length ? new WindowKey(key, KeyCodec.timestamp(raw, k.length)) : SKIP;
          }
        });
  }

  @Override
  public KeyValueIterator<WindowKey, byte[]> fetchAll(long timeFrom, long timeTo) {
    long from = Math.max(timeFrom, retention.firstLiveTimestamp(streamTime));
    return db.scan(() -> segments.between(segments.segmentId(from), segments.segmentId(timeTo)),
        new Scan<>() {
          @Override
          void seek(RocksIterator it) {
            it.seekToFirst();
          }

          @Override
          Object decode(byte[] raw) {
            int keyLength = raw.length - KeyCodec.TIMESTAMP_SIZE;
            long start = KeyCodec.timestamp(raw, keyLength);
            if (start < from || start > timeTo) {
              return SKIP;
            }
            return new WindowKey(Bytes.wrap(Arrays.copyOf(raw, keyLength)), start);
          }
        });
  }

  @Override
  public void commit(Map<WindowKey, byte[]> writes, long checkpoint) {
    Checks.checkpoint(db.name(), checkpoint);
    long newStreamTime = streamTime;
    for (WindowKey k : writes.keySet()) {
      newStreamTime = Math.max(newStreamTime, k.windowStart());
    }
    long firstLive = retention.firstLiveTimestamp(newStreamTime);
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<WindowKey, byte[]> w : writes.entrySet()) {
        long start = w.getKey().windowStart();
        if (start < firstLive) {
          continue;
        }
        byte[] raw = KeyCodec.window(w.getKey().key().get(), start);
        long id = segments.segmentId(start);
        if (w.getValue() == null) {
          ColumnFamilyHandle h = segments.get(id);
          if (h != null) {
            batch.delete(h, raw);
          }
        } else {
          batch.put(segments.getOrCreate(id), raw, w.getValue());
        }
      }
      db.putStreamTime(batch, newStreamTime);
      db.putCheckpoint(batch, checkpoint);
      db.write(batch);
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "building the commit batch", db.name(), db.directory());
    }
    this.streamTime = newStreamTime;
    this.checkpoint = checkpoint;
    segments.dropBefore(segments.segmentId(firstLive));
  }

  @Override
  public long checkpoint() {
    return checkpoint;
  }

  @Override
  public long streamTime() {
    return streamTime;
  }

  @Override
  public void beginRestore(long expectedRecords) {
    db.beginRestore(segments.all());
  }

  @Override
  public void endRestore() {
    db.endRestore();
  }

  /** For tests in this package. */
  int segmentCount() {
    return segments.count();
  }

  /** For tests in this package. */
  StoreDb db() {
    return db;
  }

  @Override
  public void close() {
    db.close();
  }
}
