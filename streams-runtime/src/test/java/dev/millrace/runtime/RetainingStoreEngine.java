package dev.millrace.runtime;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.StoreType;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.StoreEngineProvider;
import dev.millrace.streams.KeyValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test double of a persistent engine: TreeMap stores that survive close and reopen (as a disk
 * store survives a restart), and a record of restores and destroys.
 */
final class RetainingStoreEngine implements StoreEngine, StoreEngineProvider {
  static final class Data {
    final TreeMap<Bytes, byte[]> map = new TreeMap<>();
    long checkpoint = KeyValueBytesStore.NO_CHECKPOINT;
  }

  final Map<String, Data> data = new ConcurrentHashMap<>();
  final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

  static String key(StoreContext c) {
    return c.taskId() + "/" + c.storeName();
  }

  @Override
  public StoreType type() {
    return StoreType.PERSISTENT;
  }

  @Override
  public StoreEngine create(Map<String, ?> settings) {
    return this;
  }

  @Override
  public KeyValueBytesStore openKeyValueStore(StoreContext context) {
    Data d = data.computeIfAbsent(key(context), k -> new Data());
    String name = context.storeName();
    String id = key(context);
    return new KeyValueBytesStore() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean persistent() {
        return true;
      }

      @Override
      public byte[] get(Bytes key) {
        synchronized (d) {
          return d.map.get(key);
        }
      }

      private KeyValueIterator<Bytes, byte[]> iterate(Map<Bytes, byte[]> view) {
        List<KeyValue<Bytes, byte[]>> copy = new ArrayList<>();
        synchronized (d) {
          view.forEach((k, v) -> copy.add(KeyValue.pair(k, v)));
        }
        Iterator<KeyValue<Bytes, byte[]>> it = copy.iterator();
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
          public void close() {}
        };
      }

      @Override
      public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        synchronized (d) {
          var view = from == null && to == null ? d.map : from == null ? d.map.headMap(to, true)
              : to == null ? d.map.tailMap(from, true) : d.map.subMap(from, true, to, true);
          return iterate(view);
        }
      }

      @Override
      public KeyValueIterator<Bytes, byte[]> all() {
        return range(null, null);
      }

      @Override
      public KeyValueIterator<Bytes, byte[]> prefixScan(Bytes prefix) {
        TreeMap<Bytes, byte[]> m = new TreeMap<>();
        synchronized (d) {
          d.map.tailMap(prefix, true).forEach((k, v) -> {
            if (k.startsWith(prefix)) {
              m.put(k, v);
            }
          });
        }
        return iterate(m);
      }

      @Override
      public long approximateNumEntries() {
        synchronized (d) {
          return d.map.size();
        }
      }

      @Override
      public void commit(Map<Bytes, byte[]> writes, long checkpoint) {
        synchronized (d) {
          writes.forEach((k, v) -> {
            if (v == null) {
              d.map.remove(k);
            } else {
              d.map.put(k, v);
            }
          });
          d.checkpoint = checkpoint;
        }
      }

      @Override
      public long checkpoint() {
        synchronized (d) {
          return d.checkpoint;
        }
      }

      @Override
      public void beginRestore(long expectedRecords) {
        events.add("restore " + id + " " + expectedRecords);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void destroy(StoreContext context) {
    events.add("destroy " + key(context));
    data.remove(key(context));
  }

  @Override
  public void close() {}
}
