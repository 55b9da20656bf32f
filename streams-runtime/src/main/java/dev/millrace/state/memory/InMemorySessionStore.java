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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Sessions indexed by end time, then key, then start, so that expiry is one {@code
 * headMap().clear()} on end time; and also by key, then end, then start, so that {@link
 * #findSessions} walks only the key's own sessions from the earliest wanted end (not every end of
 * every key after it), already in (end, start) order.
 */
final class InMemorySessionStore
    extends InMemoryTimedStore<SessionKey, ConcurrentSkipListMap<Bytes, ConcurrentSkipListMap<Long, byte[]>>>
    implements SessionBytesStore {
  private final ConcurrentHashMap<Bytes, ConcurrentSkipListMap<Long, ConcurrentSkipListMap<Long, byte[]>>>
      byKey = new ConcurrentHashMap<>();

  InMemorySessionStore(String name, Retention retention) {
    super(name, retention);
  }

  @Override
  long timestamp(SessionKey session) {
    return session.end();
  }

  @Override
  void put(SessionKey s, byte[] value) {
    byTime.computeIfAbsent(s.end(), e -> new ConcurrentSkipListMap<>())
        .computeIfAbsent(s.key(), k -> new ConcurrentSkipListMap<>())
        .put(s.start(), value);
    byKey.computeIfAbsent(s.key(), k -> new ConcurrentSkipListMap<>())
        .computeIfAbsent(s.end(), e -> new ConcurrentSkipListMap<>())
        .put(s.start(), value);
  }

  @Override
  void expired(long end, ConcurrentSkipListMap<Bytes, ConcurrentSkipListMap<Long, byte[]>> keys) {
    for (var e : keys.entrySet()) {
      for (long start : e.getValue().keySet()) {
        removeFromKeyIndex(new SessionKey(e.getKey(), start, end));
      }
    }
  }

  @Override
  void clear() {
    super.clear();
    byKey.clear();
  }

  private void removeFromKeyIndex(SessionKey s) {
    var ends = byKey.get(s.key());
    if (ends == null) {
      return;
    }
    var starts = ends.get(s.end());
    if (starts == null) {
      return;
    }
    starts.remove(s.start());
    if (starts.isEmpty()) {
      ends.remove(s.end(), starts);
      if (ends.isEmpty()) {
        byKey.remove(s.key(), ends);
      }
    }
  }

  @Override
  void remove(SessionKey s) {
    removeFromKeyIndex(s);
    var byKey = byTime.get(s.end());
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
        byTime.remove(s.end(), byKey);
      }
    }
  }

  @Override
  public byte[] fetchSession(SessionKey session) {
    var byKey = live(session.end());
    var byStart = byKey == null ? null : byKey.get(session.key());
    return byStart == null ? null : byStart.get(session.start());
  }

  @Override
  public KeyValueIterator<SessionKey, byte[]> findSessions(
      Bytes key, long earliestSessionEnd, long latestSessionStart) {
    checkOpen();
    var sessions = byKey.get(key);
    long first = Math.max(earliestSessionEnd, retention.firstLiveTimestamp(streamTime()));
    Iterator<Map.Entry<Long, ConcurrentSkipListMap<Long, byte[]>>> ends = sessions == null
        ? Collections.emptyIterator() : sessions.tailMap(first, true).entrySet().iterator();
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
          starts = e.getValue().headMap(latestSessionStart, true).entrySet().iterator();
        }
        Map.Entry<Long, byte[]> s = starts.next();
        return KeyValue.pair(new SessionKey(key, s.getKey(), end), s.getValue());
      }
    };
  }

  @Override
  public KeyValueIterator<SessionKey, byte[]> fetchAll() {
    var ends = live(Long.MIN_VALUE, Long.MAX_VALUE);
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
}
