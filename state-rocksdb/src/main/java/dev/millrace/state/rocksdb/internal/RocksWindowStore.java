package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import java.util.Arrays;
import org.rocksdb.RocksIterator;

/**
 * A window store segmented by window start; entries laid out as in {@link KeyCodec#window}.
 * Commits, stream time and expiry as in {@link SegmentedRocksStore}.
 */
public final class RocksWindowStore extends SegmentedRocksStore<WindowKey>
    implements WindowBytesStore {
  private RocksWindowStore(StoreDb db, Retention retention) {
    super(db, retention);
  }

  /** Opens the store; see {@link StoreDb#open} for the failures. */
  public static RocksWindowStore open(StoreContext context, Retention retention,
      EngineSettings settings, SharedMemory memory) {
    return RocksStore.open(context, StoreMetadata.WINDOW, retention.segmentIntervalMs(),
        settings, memory, db -> new RocksWindowStore(db, retention));
  }

  @Override
  long timestamp(WindowKey key) {
    return key.windowStart();
  }

  @Override
  byte[] encode(WindowKey key) {
    return KeyCodec.window(key.key().get(), key.windowStart());
  }

  @Override
  public byte[] fetch(Bytes key, long windowStart) {
    return get(new WindowKey(key, windowStart));
  }

  @Override
  public KeyValueIterator<WindowKey, byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    long from = Math.max(timeFrom, firstLiveTimestamp());
    byte[] k = key.get();
    byte[] lower = KeyCodec.window(k, from);
    byte[] upper = KeyCodec.window(k, timeTo);
    int length = k.length + KeyCodec.TIMESTAMP_SIZE;
    return scan(from, timeTo, new Scan<>() {
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
    long from = Math.max(timeFrom, firstLiveTimestamp());
    return scan(from, timeTo, new Scan<>() {
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
}
