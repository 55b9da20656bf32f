package dev.millrace.state.memory;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.streams.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A key-value store on a {@link ConcurrentHashMap}, with a sorted key index built on the first
 * ordered read ({@link #range}, {@link #all}, {@link #prefixScan}) and maintained from then on.
 *
 * <p>Why not one sorted map: aggregations only ever look keys up, and a skip list costs a dozen
 * unsigned byte-array comparisons per lookup and per committed write; profiling the payroll
 * workload showed them as the largest single cost of the in-memory store. Stores that are never
 * scanned pay for hashing only.
 *
 * <p>Both maps are concurrent, so query threads can read and iterate (weakly consistently) while
 * the task thread commits. Commits and the one-time index build serialize on a lock taken once per
 * commit, never per record. Readers on other threads may observe a commit half-applied; nothing
 * survives the process, so crash atomicity holds trivially.
 */
final class InMemoryKeyValueStore extends InMemoryStore implements KeyValueBytesStore {
  private final ConcurrentHashMap<Bytes, byte[]> values = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  /** Every key of {@link #values} in order, or null until an ordered read first needs it. */
  private volatile ConcurrentSkipListSet<Bytes> orderedKeys;

  InMemoryKeyValueStore(String name) {
    super(name);
  }

  @Override
  public byte[] get(Bytes key) {
    checkOpen();
    return values.get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    checkOpen();
    NavigableSet<Bytes> keys = orderedKeys();
    NavigableSet<Bytes> view;
    if (from != null && to != null) {
      if (from.compareTo(to) > 0) {
        return iterate(Collections.emptyIterator(), null);
      }
      view = keys.subSet(from, true, to, true);
    } else if (from != null) {
      view = keys.tailSet(from, true);
    } else if (to != null) {
      view = keys.headSet(to, true);
    } else {
      view = keys;
    }
    return iterate(view.iterator(), null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return range(null, null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> prefixScan(Bytes prefix) {
    checkOpen();
    return iterate(orderedKeys().tailSet(prefix, true).iterator(), prefix);
  }

  private NavigableSet<Bytes> orderedKeys() {
    ConcurrentSkipListSet<Bytes> keys = orderedKeys;
    if (keys == null) {
      synchronized (writeLock) {
        keys = orderedKeys;
        if (keys == null) {
          keys = new ConcurrentSkipListSet<>(values.keySet());
          orderedKeys = keys;
        }
      }
    }
    return keys;
  }

  private KeyValueIterator<Bytes, byte[]> iterate(Iterator<Bytes> keys, Bytes prefix) {
    return new LazyIterator<>() {
      @Override
      protected KeyValue<Bytes, byte[]> advance() {
        while (keys.hasNext()) {
          Bytes key = keys.next();
          if (prefix != null && !key.startsWith(prefix)) {
            return null;
          }
          byte[] value = values.get(key);
          if (value != null) { // null: deleted by a commit since the index listed the key
            return KeyValue.pair(key, value);
          }
        }
        return null;
      }
    };
  }

  @Override
  public long approximateNumEntries() {
    checkOpen();
    return values.mappingCount();
  }

  @Override
  public void commit(Map<Bytes, byte[]> writes, long checkpoint) {
    checkCommit(checkpoint);
    // Copy first: if reading the writes fails, nothing has been applied.
    List<Map.Entry<Bytes, byte[]>> batch = new ArrayList<>(writes.entrySet());
    synchronized (writeLock) {
      ConcurrentSkipListSet<Bytes> keys = orderedKeys;
      for (Map.Entry<Bytes, byte[]> w : batch) {
        Bytes key = w.getKey();
        if (w.getValue() == null) {
          if (values.remove(key) != null && keys != null) {
            keys.remove(key);
          }
        } else if (values.put(key, w.getValue()) == null && keys != null) {
          keys.add(key);
        }
      }
      committed(checkpoint);
    }
  }

  @Override
  void clear() {
    values.clear();
    orderedKeys = null;
  }
}
