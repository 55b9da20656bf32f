package dev.millrace.state.memory;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import dev.millrace.streams.KeyValue;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Windows indexed by start time first, then key: expiry is one {@code headMap().clear()}, a key's
 * fetch looks up the key in each live window start of the range, and {@link #fetchAll} comes out
 * ordered by window start, then key.
 */
final class InMemoryWindowStore extends InMemoryTimedStore<WindowKey, ConcurrentSkipListMap<Bytes, byte[]>>
    implements WindowBytesStore {
  InMemoryWindowStore(String name, Retention retention) {
    super(name, retention);
  }

  @Override
  long timestamp(WindowKey key) {
    return key.windowStart();
  }

  @Override
  void put(WindowKey key, byte[] value) {
    byTime.computeIfAbsent(key.windowStart(), s -> new ConcurrentSkipListMap<>()).put(key.key(), value);
  }

  @Override
  void remove(WindowKey key) {
    ConcurrentSkipListMap<Bytes, byte[]> windows = byTime.get(key.windowStart());
    if (windows != null) {
      windows.remove(key.key());
      if (windows.isEmpty()) {
        byTime.remove(key.windowStart(), windows);
      }
    }
  }

  @Override
  public byte[] fetch(Bytes key, long windowStart) {
    Map<Bytes, byte[]> windows = live(windowStart);
    return windows == null ? null : windows.get(key);
  }

  @Override
  public KeyValueIterator<WindowKey, byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    Iterator<Map.Entry<Long, ConcurrentSkipListMap<Bytes, byte[]>>> starts = live(timeFrom, timeTo);
    return new LazyIterator<>() {
      @Override
      protected KeyValue<WindowKey, byte[]> advance() {
        while (starts.hasNext()) {
          Map.Entry<Long, ConcurrentSkipListMap<Bytes, byte[]>> e = starts.next();
          byte[] value = e.getValue().get(key);
          if (value != null) {
            return KeyValue.pair(new WindowKey(key, e.getKey()), value);
          }
        }
        return null;
      }
    };
  }

  @Override
  public KeyValueIterator<WindowKey, byte[]> fetchAll(long timeFrom, long timeTo) {
    Iterator<Map.Entry<Long, ConcurrentSkipListMap<Bytes, byte[]>>> starts = live(timeFrom, timeTo);
    return new LazyIterator<>() {
      private long start;
      private Iterator<Map.Entry<Bytes, byte[]>> windows = Collections.emptyIterator();

      @Override
      protected KeyValue<WindowKey, byte[]> advance() {
        while (!windows.hasNext()) {
          if (!starts.hasNext()) {
            return null;
          }
          Map.Entry<Long, ConcurrentSkipListMap<Bytes, byte[]>> e = starts.next();
          start = e.getKey();
          windows = e.getValue().entrySet().iterator();
        }
        Map.Entry<Bytes, byte[]> w = windows.next();
        return KeyValue.pair(new WindowKey(w.getKey(), start), w.getValue());
      }
    };
  }
}
