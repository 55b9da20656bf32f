package dev.millrace.state.memory;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.SessionBytesStore;
import dev.millrace.state.spi.SessionKey;
import dev.millrace.streams.KeyValue;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Sessions indexed by end time, then key, then start: expiry is one {@code headMap().clear()} on
 * end time, and {@link #findSessions} walks the ends from the earliest wanted one, taking the
 * key's sessions that start early enough, already in (end, start) order.
 */
final class InMemorySessionStore implements SessionBytesStore {
  private final String name;
  private final Retention retention;
  private final ConcurrentSkipListMap<Long, ConcurrentSkipListMap<Bytes, ConcurrentSkipListMap<Long, byte[]>>>
      byEnd = new ConcurrentSkipListMap<>();
  private volatile long streamTime = NO_STREAM_TIME;
  private volatile long checkpoint = NO_CHECKPOINT;
  private volatile boolean open = true;

  InMemorySessionStore(String name, Retention retention) {
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
  public byte[] fetchSession(SessionKey session) {
    StoreState.checkOpen(open, name);
    if (retention.isExpired(session.end(), streamTime)) {
      return null;
    }
    var byKey = byEnd.get(session.end());
    var byStart = byKey == null ? null : byKey.get(session.key());
    return byStart == null ? null : byStart.get(session.start());
  }

  @Override
  public KeyValueIterator<SessionKey, byte[]> findSessions(
      Bytes key, long earliestSessionEnd, long latestSessionStart) {
    StoreState.checkOpen(open, name);
    long from = Math.max(earliestSessionEnd, retention.firstLiveTimestamp(streamTime));
    var ends = byEnd.tailMap(from, true).entrySet().iterator();
    return new LazyIterator<>() {
      private long end;
      private Iterator<Map.Entry<Long, byte[]>> starts = Collections.emptyIterator();

      @Override
      protected KeyValue<SessionKey, byte[]> advance() {
        while (!starts.hasNext()) {
          if (!ends.hasNext()) {
            return null;
          }
          var e = ends.next();
          end = e.getKey();
          var byStart = e.getValue().get(key);
          starts = byStart == null
              ? Collections.emptyIterator()
              : byStart.headMap(latestSessionStart, true).entrySet().iterator();
        }
        Map.Entry<Long, byte[]> s = starts.next();
        return KeyValue.pair(new SessionKey(key, s.getKey(), end), s.getValue());
      }
    };
  }

  @Override
  public KeyValueIterator<SessionKey, byte[]> fetchAll() {
    StoreState.checkOpen(open, name);
    var ends = byEnd.tailMap(retention.firstLiveTimestamp(streamTime), true).entrySet()
        .iterator();
    return new LazyIterator<>() {
      private long end;
      private Iterator<Map.Entry<Bytes, ConcurrentSkipListMap<Long, byte[]>>> keys =
          Collections.emptyIterator();
      private Bytes key;
      private Iterator<Map.Entry<Long, byte[]>> starts = Collections.emptyIterator();

      @Override
      protected KeyValue<SessionKey, byte[]> advance() {
        while (!starts.hasNext()) {
          if (keys.hasNext()) {
            var k = keys.next();
            key = k.getKey();
            starts = k.getValue().entrySet().iterator();
          } else if (ends.hasNext()) {
            var e = ends.next();
            end = e.getKey();
            keys = e.getValue().entrySet().iterator();
          } else {
            return null;
          }
        }
        Map.Entry<Long, byte[]> s = starts.next();
        return KeyValue.pair(new SessionKey(key, s.getKey(), end), s.getValue());
      }
    };
  }

  @Override
  public void commit(Map<SessionKey, byte[]> writes, long checkpoint) {
    StoreState.checkCheckpoint(name, checkpoint);
    StoreState.checkOpen(open, name);
    long newStreamTime = streamTime;
    for (SessionKey k : writes.keySet()) {
      newStreamTime = Math.max(newStreamTime, k.end());
    }
    for (Map.Entry<SessionKey, byte[]> w : writes.entrySet()) {
      SessionKey s = w.getKey();
      if (retention.isExpired(s.end(), newStreamTime)) {
        continue;
      }
      if (w.getValue() == null) {
        remove(s);
      } else {
        byEnd.computeIfAbsent(s.end(), e -> new ConcurrentSkipListMap<>())
            .computeIfAbsent(s.key(), k -> new ConcurrentSkipListMap<>())
            .put(s.start(), w.getValue());
      }
    }
    streamTime = newStreamTime;
    byEnd.headMap(retention.firstLiveTimestamp(newStreamTime)).clear();
    this.checkpoint = checkpoint;
  }

  private void remove(SessionKey s) {
    var byKey = byEnd.get(s.end());
    if (byKey == null) {
      return;
    }
    var byStart = byKey.get(s.key());
    if (byStart == null) {
      return;
    }
    byStart.remove(s.start());
    if (byStart.isEmpty()) {
      byKey.remove(s.key(), byStart);
      if (byKey.isEmpty()) {
        byEnd.remove(s.end(), byKey);
      }
    }
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
    byEnd.clear();
  }
}
