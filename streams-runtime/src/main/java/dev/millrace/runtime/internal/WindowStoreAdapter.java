package dev.millrace.runtime.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.SessionBytesStore;
import dev.millrace.state.spi.SessionKey;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.internal.WindowKeyBytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A window or session byte store seen as a key-value byte store whose keys are the
 * {@link WindowKeyBytes} layouts. This lets window and session stores share the task store's
 * record cache, pending writes, changelog, checkpointed commit and restore with key-value stores,
 * while the engine keeps them time-segmented and drops expired segments.
 *
 * <p>Ranges within one record key go to the engine's per-key time range reads (in key order, as
 * the layouts sort one key's entries by time); anything wider is served by sorting a full scan,
 * which only interactive queries and operator start-up do.
 */
abstract class WindowStoreAdapter implements KeyValueBytesStore {
  static KeyValueBytesStore of(WindowBytesStore store) {
    return new Windows(store);
  }

  static KeyValueBytesStore of(SessionBytesStore store) {
    return new Sessions(store);
  }

  /** Entries of one record key with composite keys in [from, to]; null if keys differ. */
  abstract KeyValueIterator<Bytes, byte[]> keyRange(byte[] key, Bytes from, Bytes to);

  /** Every entry, in composite key order. */
  abstract List<KeyValue<Bytes, byte[]>> sortedAll();

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    if (from != null && to != null) {
      byte[] k = WindowKeyBytes.key(from.get());
      if (java.util.Arrays.equals(k, WindowKeyBytes.key(to.get()))) {
        return keyRange(k, from, to);
      }
    }
    return filtered(kv -> (from == null || kv.compareTo(from) >= 0)
        && (to == null || kv.compareTo(to) <= 0));
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return filtered(k -> true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> prefixScan(Bytes prefix) {
    return filtered(k -> k.startsWith(prefix));
  }

  private KeyValueIterator<Bytes, byte[]> filtered(Function<Bytes, Boolean> keep) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    for (KeyValue<Bytes, byte[]> kv : sortedAll()) {
      if (keep.apply(kv.key())) {
        out.add(kv);
      }
    }
    return iterator(out.iterator(), () -> {});
  }

  static <T> List<KeyValue<Bytes, byte[]>> drain(KeyValueIterator<T, byte[]> it,
      Function<T, byte[]> composite) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<T, byte[]> kv = it.next();
        out.add(new KeyValue<>(Bytes.wrap(composite.apply(kv.key())), kv.value()));
      }
    }
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }

  static KeyValueIterator<Bytes, byte[]> iterator(Iterator<KeyValue<Bytes, byte[]>> it,
      Runnable close) {
    return new KeyValueIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public KeyValue<Bytes, byte[]> next() {
        return it.next();
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }

  /** Lazily maps an engine iterator, keeping composite keys within [from, to]. */
  static <T> KeyValueIterator<Bytes, byte[]> mapped(KeyValueIterator<T, byte[]> inner,
      Function<T, byte[]> composite, Bytes from, Bytes to) {
    return new KeyValueIterator<>() {
      private KeyValue<Bytes, byte[]> next;

      @Override
      public boolean hasNext() {
        while (next == null && inner.hasNext()) {
          KeyValue<T, byte[]> kv = inner.next();
          Bytes k = Bytes.wrap(composite.apply(kv.key()));
          if (k.compareTo(from) >= 0 && k.compareTo(to) <= 0) {
            next = new KeyValue<>(k, kv.value());
          }
        }
        return next != null;
      }

      @Override
      public KeyValue<Bytes, byte[]> next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        KeyValue<Bytes, byte[]> r = next;
        next = null;
        return r;
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }

  private static final class Windows extends WindowStoreAdapter {
    private final WindowBytesStore inner;

    Windows(WindowBytesStore inner) {
      this.inner = inner;
    }

    private static byte[] composite(WindowKey k) {
      return WindowKeyBytes.window(k.key().get(), k.windowStart());
    }

    @Override
    KeyValueIterator<Bytes, byte[]> keyRange(byte[] key, Bytes from, Bytes to) {
      return mapped(inner.fetch(Bytes.wrap(key), WindowKeyBytes.windowStart(from.get()),
          WindowKeyBytes.windowStart(to.get())), Windows::composite, from, to);
    }

    @Override
    List<KeyValue<Bytes, byte[]>> sortedAll() {
      return drain(inner.fetchAll(Long.MIN_VALUE, Long.MAX_VALUE), Windows::composite);
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public boolean persistent() {
      return inner.persistent();
    }

    @Override
    public byte[] get(Bytes key) {
      byte[] c = key.get();
      return inner.fetch(Bytes.wrap(WindowKeyBytes.key(c)), WindowKeyBytes.windowStart(c));
    }

    @Override
    public long approximateNumEntries() {
      return inner.streamTime() == WindowBytesStore.NO_STREAM_TIME ? 0 : 1;
    }

    @Override
    public void commit(Map<Bytes, byte[]> writes, long checkpoint) {
      Map<WindowKey, byte[]> w = new HashMap<>(writes.size() * 2);
      for (Map.Entry<Bytes, byte[]> e : writes.entrySet()) {
        byte[] c = e.getKey().get();
        w.put(new WindowKey(Bytes.wrap(WindowKeyBytes.key(c)), WindowKeyBytes.windowStart(c)),
            e.getValue());
      }
      inner.commit(w, checkpoint);
    }

    @Override
    public long checkpoint() {
      return inner.checkpoint();
    }

    @Override
    public void beginRestore(long expectedRecords) {
      inner.beginRestore(expectedRecords);
    }

    @Override
    public void endRestore() {
      inner.endRestore();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static final class Sessions extends WindowStoreAdapter {
    private final SessionBytesStore inner;

    Sessions(SessionBytesStore inner) {
      this.inner = inner;
    }

    private static byte[] composite(SessionKey k) {
      return WindowKeyBytes.session(k.key().get(), k.start(), k.end());
    }

    private static SessionKey sessionKey(byte[] c) {
      return new SessionKey(Bytes.wrap(WindowKeyBytes.key(c)), WindowKeyBytes.sessionStart(c),
          WindowKeyBytes.sessionEnd(c));
    }

    @Override
    KeyValueIterator<Bytes, byte[]> keyRange(byte[] key, Bytes from, Bytes to) {
      return mapped(inner.findSessions(Bytes.wrap(key), WindowKeyBytes.sessionEnd(from.get()),
          Long.MAX_VALUE), Sessions::composite, from, to);
    }

    @Override
    List<KeyValue<Bytes, byte[]>> sortedAll() {
      return drain(inner.fetchAll(), Sessions::composite);
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public boolean persistent() {
      return inner.persistent();
    }

    @Override
    public byte[] get(Bytes key) {
      return inner.fetchSession(sessionKey(key.get()));
    }

    @Override
    public long approximateNumEntries() {
      return inner.streamTime() == SessionBytesStore.NO_STREAM_TIME ? 0 : 1;
    }

    @Override
    public void commit(Map<Bytes, byte[]> writes, long checkpoint) {
      Map<SessionKey, byte[]> w = new HashMap<>(writes.size() * 2);
      for (Map.Entry<Bytes, byte[]> e : writes.entrySet()) {
        w.put(sessionKey(e.getKey().get()), e.getValue());
      }
      inner.commit(w, checkpoint);
    }

    @Override
    public long checkpoint() {
      return inner.checkpoint();
    }

    @Override
    public void beginRestore(long expectedRecords) {
      inner.beginRestore(expectedRecords);
    }

    @Override
    public void endRestore() {
      inner.endRestore();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
