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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Windows indexed by start time first, then key, so that expiry is one {@code headMap().clear()}
 * and {@link #fetchAll} comes out ordered by window start, then key; and also by key, then start,
 * so that a key's fetch of a time range walks only that key's windows in it (not every window
 * start of every key in the range).
 */
final class InMemoryWindowStore extends InMemoryTimedStore<WindowKey, ConcurrentSkipListMap<Bytes, byte[]>>
    implements WindowBytesStore {
  private final ConcurrentHashMap<Bytes, ConcurrentSkipListMap<Long, byte[]>> byKey =
      new ConcurrentHashMap<>();

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
    byKey.computeIfAbsent(key.key(), k -> new ConcurrentSkipListMap<>())
        .put(key.windowStart(), value);
  }

  @Override
  void expired(long start, ConcurrentSkipListMap<Bytes, byte[]> windows) {
    for (Bytes key : windows.keySet()) {
      removeFromKeyIndex(new WindowKey(key, start));
    }
  }

  @Override
  void clear() {
    super.clear();
    byKey.clear();
  }

  private void removeFromKeyIndex(WindowKey key) {
    ConcurrentSkipListMap<Long, byte[]> starts = byKey.get(key.key());
    if (starts != null) {
      starts.remove(key.windowStart());
      if (starts.isEmpty()) {
        byKey.remove(key.key(), starts);
      }
    }
  }

  @Override
  void remove(WindowKey key) {
    removeFromKeyIndex(key);
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
    checkOpen();
    ConcurrentSkipListMap<Long, byte[]> windows = byKey.get(key);
    long first = Math.max(timeFrom, retention.firstLiveTimestamp(streamTime()));
    Iterator<Map.Entry<Long, byte[]>> starts = windows == null || first > timeTo
        ? Collections.emptyIterator()
        : windows.subMap(first, true, timeTo, true).entrySet().iterator();
    return new LazyIterator<>() {
      @Override
      protected KeyValue<WindowKey, byte[]> advance() {
        if (!starts.hasNext()) {
          return null;
        }
        Map.Entry<Long, byte[]> e = starts.next();
        return KeyValue.pair(new WindowKey(key, e.getKey()), e.getValue());
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
