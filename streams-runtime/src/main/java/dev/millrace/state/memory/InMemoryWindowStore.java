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
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Windows indexed by start time first, then key: expiry is one {@code headMap().clear()}, a key's
 * fetch looks up the key in each live window start of the range, and {@link #fetchAll} comes out
 * ordered by window start, then key.
 */
final class InMemoryWindowStore implements WindowBytesStore {
  private final String name;
  private final Retention retention;
  private final ConcurrentSkipListMap<Long, ConcurrentSkipListMap<Bytes, byte[]>> byStart =
      new ConcurrentSkipListMap<>();
  private volatile long streamTime = NO_STREAM_TIME;
  private volatile long checkpoint = NO_CHECKPOINT;
  private volatile boolean open = true;

  InMemoryWindowStore(String name, Retention retention) {
    this.name = name;
    this.retention = retention;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public Retention retention() {
    return retention;
  }

  @Override
  public byte[] fetch(Bytes key, long windowStart) {
    StoreState.checkOpen(open, name);
    if (retention.isExpired(windowStart, streamTime)) {
      return null;
    }
    Map<Bytes, byte[]> windows = byStart.get(windowStart);
    return windows == null ? null : windows.get(key);
  }

  @Override
  public KeyValueIterator<WindowKey, byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    Iterator<Map.Entry<Long, ConcurrentSkipListMap<Bytes, byte[]>>> starts = liveStarts(timeFrom, timeTo);
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
    Iterator<Map.Entry<Long, ConcurrentSkipListMap<Bytes, byte[]>>> starts = liveStarts(timeFrom, timeTo);
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

  private Iterator<Map.Entry<Long, ConcurrentSkipListMap<Bytes, byte[]>>> liveStarts(
      long timeFrom, long timeTo) {
    StoreState.checkOpen(open, name);
    long from = Math.max(timeFrom, retention.firstLiveTimestamp(streamTime));
    if (from > timeTo) {
      return Collections.emptyIterator();
    }
    ConcurrentNavigableMap<Long, ConcurrentSkipListMap<Bytes, byte[]>> view =
        byStart.subMap(from, true, timeTo, true);
    return view.entrySet().iterator();
  }

  @Override
  public void commit(Map<WindowKey, byte[]> writes, long checkpoint) {
    StoreState.checkCheckpoint(name, checkpoint);
    StoreState.checkOpen(open, name);
    long newStreamTime = streamTime;
    for (WindowKey k : writes.keySet()) {
      newStreamTime = Math.max(newStreamTime, k.windowStart());
    }
    for (Map.Entry<WindowKey, byte[]> w : writes.entrySet()) {
      long start = w.getKey().windowStart();
      if (retention.isExpired(start, newStreamTime)) {
        continue;
      }
      if (w.getValue() == null) {
        ConcurrentSkipListMap<Bytes, byte[]> windows = byStart.get(start);
        if (windows != null) {
          windows.remove(w.getKey().key());
          if (windows.isEmpty()) {
            byStart.remove(start, windows);
          }
        }
      } else {
        byStart.computeIfAbsent(start, s -> new ConcurrentSkipListMap<>())
            .put(w.getKey().key(), w.getValue());
      }
    }
    streamTime = newStreamTime;
    byStart.headMap(retention.firstLiveTimestamp(newStreamTime)).clear();
    this.checkpoint = checkpoint;
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
  public void close() {
    open = false;
    byStart.clear();
  }
}
