package dev.millrace.state.memory;

import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.WindowBytesStore;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-memory store whose entries each carry a timestamp and are kept for a {@link Retention}.
 * Entries are indexed by timestamp first, so expiry is one {@code headMap().clear()} and a time
 * range is one sub-map. The stream time is the largest timestamp ever committed; writes expired at
 * the stream time a commit reaches are ignored, and reads never return expired entries.
 *
 * @param <K> an entry's address, e.g. a window key
 * @param <T> what the index holds per timestamp
 */
abstract class InMemoryTimedStore<K, T> extends InMemoryStore {
  final Retention retention;
  final ConcurrentSkipListMap<Long, T> byTime = new ConcurrentSkipListMap<>();
  private volatile long streamTime = WindowBytesStore.NO_STREAM_TIME;

  InMemoryTimedStore(String name, Retention retention) {
    super(name);
    this.retention = retention;
  }

  /** The timestamp {@code key} is indexed and expired by. */
  abstract long timestamp(K key);

  /** Stores a live entry in {@link #byTime}. */
  abstract void put(K key, byte[] value);

  /** Removes an entry from {@link #byTime}, and the maps that it leaves empty. */
  abstract void remove(K key);

  /** Called for each timestamp about to be dropped from {@link #byTime} by expiry. */
  void expired(long timestamp, T entries) {}

  public Retention retention() {
    return retention;
  }

  public long streamTime() {
    return streamTime;
  }

  /** What the index holds at {@code timestamp}, or null, also if that is expired. */
  final T live(long timestamp) {
    checkOpen();
    return retention.isExpired(timestamp, streamTime) ? null : byTime.get(timestamp);
  }

  /** The live timestamps with {@code from <= t <= to} and what each holds, oldest first. */
  final Iterator<Map.Entry<Long, T>> live(long from, long to) {
    checkOpen();
    long first = Math.max(from, retention.firstLiveTimestamp(streamTime));
    if (first > to) {
      return Collections.emptyIterator();
    }
    return byTime.subMap(first, true, to, true).entrySet().iterator();
  }

  public void commit(Map<K, byte[]> writes, long checkpoint) {
    checkCommit(checkpoint);
    long newStreamTime = streamTime;
    for (K key : writes.keySet()) {
      newStreamTime = Math.max(newStreamTime, timestamp(key));
    }
    for (Map.Entry<K, byte[]> w : writes.entrySet()) {
      if (retention.isExpired(timestamp(w.getKey()), newStreamTime)) {
        continue;
      }
      if (w.getValue() == null) {
        remove(w.getKey());
      } else {
        put(w.getKey(), w.getValue());
      }
    }
    streamTime = newStreamTime;
    var expired = byTime.headMap(retention.firstLiveTimestamp(newStreamTime));
    for (Map.Entry<Long, T> e : expired.entrySet()) {
      expired(e.getKey(), e.getValue());
    }
    expired.clear();
    committed(checkpoint);
  }

  @Override
  void clear() {
    byTime.clear();
  }
}
