package dev.millrace.state.memory;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.streams.KeyValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A key-value store on a {@link ConcurrentSkipListMap}: its iterators are weakly consistent, so
 * query threads can iterate while the task thread commits (a {@code TreeMap} would throw
 * {@code ConcurrentModificationException}). Readers on other threads may observe a commit
 * half-applied; nothing survives the process, so crash atomicity holds trivially.
 */
final class InMemoryKeyValueStore implements KeyValueBytesStore {
  private final String name;
  private final ConcurrentSkipListMap<Bytes, byte[]> map = new ConcurrentSkipListMap<>();
  private volatile long checkpoint = NO_CHECKPOINT;
  // Kept by the single writer because ConcurrentSkipListMap.size() walks the whole map.
  private volatile long size;
  private volatile boolean open = true;

  InMemoryKeyValueStore(String name) {
    this.name = name;
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
  public byte[] get(Bytes key) {
    StoreState.checkOpen(open, name);
    return map.get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    StoreState.checkOpen(open, name);
    NavigableMap<Bytes, byte[]> view;
    if (from != null && to != null) {
      if (from.compareTo(to) > 0) {
        return iterate(Map.<Bytes, byte[]>of().entrySet().iterator(), null);
      }
      view = map.subMap(from, true, to, true);
    } else if (from != null) {
      view = map.tailMap(from, true);
    } else if (to != null) {
      view = map.headMap(to, true);
    } else {
      view = map;
    }
    return iterate(view.entrySet().iterator(), null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return range(null, null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> prefixScan(Bytes prefix) {
    StoreState.checkOpen(open, name);
    return iterate(map.tailMap(prefix, true).entrySet().iterator(), prefix);
  }

  private static KeyValueIterator<Bytes, byte[]> iterate(
      Iterator<Map.Entry<Bytes, byte[]>> entries, Bytes prefix) {
    return new LazyIterator<>() {
      @Override
      protected KeyValue<Bytes, byte[]> advance() {
        if (!entries.hasNext()) {
          return null;
        }
        Map.Entry<Bytes, byte[]> e = entries.next();
        if (prefix != null && !e.getKey().startsWith(prefix)) {
          return null;
        }
        return KeyValue.pair(e.getKey(), e.getValue());
      }
    };
  }

  @Override
  public long approximateNumEntries() {
    StoreState.checkOpen(open, name);
    return size;
  }

  @Override
  public void commit(Map<Bytes, byte[]> writes, long checkpoint) {
    StoreState.checkCheckpoint(name, checkpoint);
    StoreState.checkOpen(open, name);
    // Copy first: if reading the writes fails, nothing has been applied.
    List<Map.Entry<Bytes, byte[]>> batch = new ArrayList<>(writes.entrySet());
    long n = size;
    for (Map.Entry<Bytes, byte[]> w : batch) {
      if (w.getValue() == null) {
        if (map.remove(w.getKey()) != null) {
          n--;
        }
      } else if (map.put(w.getKey(), w.getValue()) == null) {
        n++;
      }
    }
    size = n;
    this.checkpoint = checkpoint;
  }

  @Override
  public long checkpoint() {
    return checkpoint;
  }

  @Override
  public void close() {
    open = false;
    map.clear();
  }
}
