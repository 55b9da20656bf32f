package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.SessionBytesStore;
import dev.millrace.state.spi.SessionKey;
import dev.millrace.state.spi.StoreContext;
import java.util.Arrays;
import org.rocksdb.RocksIterator;

/**
 * A session store segmented by session end; entries laid out as in {@link KeyCodec#session}, so a
 * key's sessions are ordered by end, then start, within and across segments. Commits, stream time
 * and expiry as in {@link SegmentedRocksStore}.
 */
public final class RocksSessionStore extends SegmentedRocksStore<SessionKey>
    implements SessionBytesStore {
  private static final int TWO_TIMESTAMPS = 2 * KeyCodec.TIMESTAMP_SIZE;

  private RocksSessionStore(StoreDb db, Retention retention) {
    super(db, retention);
  }

  /** Opens the store; see {@link StoreDb#open} for the failures. */
  public static RocksSessionStore open(StoreContext context, Retention retention,
      EngineSettings settings, SharedMemory memory) {
    return RocksStore.open(context, StoreMetadata.SESSION, retention.segmentIntervalMs(),
        settings, memory, db -> new RocksSessionStore(db, retention));
  }

  @Override
  long timestamp(SessionKey session) {
    return session.end();
  }

  @Override
  byte[] encode(SessionKey session) {
    return KeyCodec.session(session.key().get(), session.end(), session.start());
  }

  @Override
  public byte[] fetchSession(SessionKey session) {
    return get(session);
  }

  @Override
  public KeyValueIterator<SessionKey, byte[]> findSessions(
      Bytes key, long earliestSessionEnd, long latestSessionStart) {
    long fromEnd = Math.max(earliestSessionEnd, firstLiveTimestamp());
    byte[] k = key.get();
    byte[] lower = KeyCodec.session(k, fromEnd, Long.MIN_VALUE);
    int length = k.length + TWO_TIMESTAMPS;
    return scan(fromEnd, Long.MAX_VALUE, new Scan<>() {
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
    long fromEnd = firstLiveTimestamp();
    return scan(fromEnd, Long.MAX_VALUE, new Scan<>() {
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
}
