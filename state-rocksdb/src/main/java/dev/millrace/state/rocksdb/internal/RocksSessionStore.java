package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.SessionBytesStore;
import dev.millrace.state.spi.SessionKey;
import dev.millrace.state.spi.StoreContext;
import java.util.Arrays;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A session store segmented by session end; entries laid out as in {@link KeyCodec#session}, so a
 * key's sessions are ordered by end, then start, within and across segments.
 */
public final class RocksSessionStore implements SessionBytesStore {
  private static final int TWO_TIMESTAMPS = 2 * KeyCodec.TIMESTAMP_SIZE;

  private final StoreDb db;
  private final Retention retention;
  private final Segments segments;
  private volatile long streamTime;
  private volatile long checkpoint;

  private RocksSessionStore(StoreDb db, Retention retention) {
    this.db = db;
    this.retention = retention;
    this.segments = new Segments(db, retention.segmentIntervalMs());
    this.checkpoint = db.readCheckpoint();
    this.streamTime = db.readStreamTime(NO_STREAM_TIME);
    segments.dropBefore(segments.segmentId(retention.firstLiveTimestamp(streamTime)));
  }

  /** Opens the store; see {@link StoreDb#open} for the failures. */
  public static RocksSessionStore open(StoreContext context, Retention retention,
      EngineSettings settings, SharedMemory memory) {
    StoreMetadata expected = StoreMetadata.current(context.applicationId(), context.storeName(),
        StoreMetadata.SESSION, retention.segmentIntervalMs());
    StoreDb db = StoreDb.open(context, expected, settings, memory);
    try {
      return new RocksSessionStore(db, retention);
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
  public byte[] fetchSession(SessionKey session) {
    if (retention.isExpired(session.end(), streamTime)) {
      return null;
    }
    long id = segments.segmentId(session.end());
    return db.get(() -> segments.get(id),
        KeyCodec.session(session.key().get(), session.end(), session.start()));
  }

  @Override
  public KeyValueIterator<SessionKey, byte[]> findSessions(
      Bytes key, long earliestSessionEnd, long latestSessionStart) {
    long fromEnd = Math.max(earliestSessionEnd, retention.firstLiveTimestamp(streamTime));
    byte[] k = key.get();
    byte[] lower = KeyCodec.session(k, fromEnd, Long.MIN_VALUE);
    int length = k.length + TWO_TIMESTAMPS;
    return db.scan(() -> segments.between(segments.segmentId(fromEnd), Long.MAX_VALUE),
        new Scan<>() {
          @Override
          void seek(RocksIterator it) {
            it.seek(lower);
          }

          @Override
          Object decode(byte[] raw) {
            if (!StoreDb.startsWith(raw, k)) {
              return STOP;
            }
            if (raw.length != length) {
              return SKIP;
            }
            long start = KeyCodec.timestamp(raw, k.length + KeyCodec.TIMESTAMP_SIZE);
            if (start > latestSessionStart) {
              return SKIP;
            }
            return new SessionKey(key, start, KeyCodec.timestamp(raw, k.length));
          }
        });
  }

  @Override
  public KeyValueIterator<SessionKey, byte[]> fetchAll() {
    long fromEnd = retention.firstLiveTimestamp(streamTime);
    return db.scan(() -> segments.between(segments.segmentId(fromEnd), Long.MAX_VALUE),
        new Scan<>() {
          @Override
          void seek(RocksIterator it) {
            it.seekToFirst();
          }

          @Override
          Object decode(byte[] raw) {
            int keyLength = raw.length - TWO_TIMESTAMPS;
            if (keyLength < 0) {
              return SKIP;
            }
            long end = KeyCodec.timestamp(raw, keyLength);
            if (end < fromEnd) {
              return SKIP;
            }
            return new SessionKey(Bytes.wrap(Arrays.copyOf(raw, keyLength)),
                KeyCodec.timestamp(raw, keyLength + KeyCodec.TIMESTAMP_SIZE), end);
          }
        });
  }

  @Override
  public void commit(Map<SessionKey, byte[]> writes, long checkpoint) {
    Checks.checkpoint(db.name(), checkpoint);
    long newStreamTime = streamTime;
    for (SessionKey s : writes.keySet()) {
      newStreamTime = Math.max(newStreamTime, s.end());
    }
    long firstLive = retention.firstLiveTimestamp(newStreamTime);
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<SessionKey, byte[]> w : writes.entrySet()) {
        SessionKey s = w.getKey();
        if (s.end() < firstLive) {
          continue;
        }
        byte[] raw = KeyCodec.session(s.key().get(), s.end(), s.start());
        long id = segments.segmentId(s.end());
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

  @Override
  public void close() {
    db.close();
  }
}
