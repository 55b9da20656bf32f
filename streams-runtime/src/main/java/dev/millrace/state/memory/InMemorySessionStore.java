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
final class InMemorySessionStore
    extends InMemoryTimedStore<SessionKey, ConcurrentSkipListMap<Bytes, ConcurrentSkipListMap<Long, byte[]>>>
    implements SessionBytesStore {
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
  }

  @Override
  void remove(SessionKey s) {
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
    var ends = live(earliestSessionEnd, Long.MAX_VALUE);
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
