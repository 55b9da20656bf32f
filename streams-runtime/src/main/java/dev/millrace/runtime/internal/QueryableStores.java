package dev.millrace.runtime.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serializer;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.ReadOnlyKeyValueStore;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.streams.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The stores of a running application, as seen from outside the stream threads: committed state
 * only, read straight from the engines (whose reads are safe from any thread), merged over all the
 * tasks that hold a part of a store. Each key lives in exactly one task, so a lookup asks each
 * task's part in turn and a scan merges their sorted iterators.
 */
public final class QueryableStores {
  private final Map<String, Map<TaskId, TaskStore<?, ?>>> stores = new ConcurrentHashMap<>();

  void register(TaskId task, TaskStore<?, ?> store) {
    stores.computeIfAbsent(store.name(), n -> new ConcurrentHashMap<>()).put(task, store);
  }

  void unregister(TaskId task, TaskStore<?, ?> store) {
    Map<TaskId, TaskStore<?, ?>> parts = stores.get(store.name());
    if (parts != null) {
      parts.remove(task, store);
    }
  }

  /** Names of the stores some running task holds. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    stores.forEach((name, parts) -> {
      if (!parts.isEmpty()) {
        names.add(name);
      }
    });
    return names;
  }

  /**
   * A read-only view of the named store across tasks.
   *
   * @throws IllegalArgumentException if no running task holds a store of that name
   */
  public <K, V> ReadOnlyKeyValueStore<K, V> view(String name) {
    Map<TaskId, TaskStore<?, ?>> parts = stores.get(name);
    if (parts == null || parts.isEmpty()) {
      throw new IllegalArgumentException("no running task holds a store named '" + name
          + "' (stores: " + names() + ")");
    }
    return new View<>(name, parts);
  }

  private static final class View<K, V> implements ReadOnlyKeyValueStore<K, V> {
    private final String name;
    private final Map<TaskId, TaskStore<?, ?>> parts;

    View(String name, Map<TaskId, TaskStore<?, ?>> parts) {
      this.name = name;
      this.parts = parts;
    }

    @SuppressWarnings("unchecked")
    private TaskStore<K, V> any() {
      for (TaskStore<?, ?> s : parts.values()) {
        return (TaskStore<K, V>) s;
      }
      throw new IllegalStateException("store '" + name + "' is no longer held by any task");
    }

    private Bytes keyBytes(K key) {
      TaskStore<K, V> s = any();
      Serializer<K> ser = s.keySerializer();
      return Bytes.wrap(ser.serialize(s.serdeTopic(), key));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public V get(K key) {
      Bytes kb = keyBytes(java.util.Objects.requireNonNull(key, "key"));
      TaskStore<K, V> s = any();
      for (TaskStore<?, ?> part : parts.values()) {
        byte[] v = part.inner().get(kb);
        if (v != null) {
          return s.valueDeserializer().deserialize(s.serdeTopic(), v);
        }
      }
      return null;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
      Bytes f = from == null ? null : keyBytes(from);
      Bytes t = to == null ? null : keyBytes(to);
      return merge(store -> f == null && t == null ? store.all() : store.range(f, t));
    }

    @Override
    public KeyValueIterator<K, V> all() {
      return merge(KeyValueBytesStore::all);
    }

    @Override
    public KeyValueIterator<K, V> prefixScan(K prefix) {
      Bytes p = keyBytes(prefix);
      return merge(store -> store.prefixScan(p));
    }

    @Override
    public long approximateNumEntries() {
      long n = 0;
      for (TaskStore<?, ?> part : parts.values()) {
        n += part.inner().approximateNumEntries();
      }
      return n;
    }

    private KeyValueIterator<K, V> merge(
        Function<KeyValueBytesStore, KeyValueIterator<Bytes, byte[]>> open) {
      TaskStore<K, V> s = any();
      List<KeyValueIterator<Bytes, byte[]>> its = new ArrayList<>();
      for (TaskStore<?, ?> part : parts.values()) {
        its.add(open.apply(part.inner()));
      }
      return new Merged<>(its, s.keyDeserializer(), s.valueDeserializer(), s.serdeTopic());
    }
  }

  /** A k-way merge of sorted byte iterators, deserializing as it goes. */
  private static final class Merged<K, V> implements KeyValueIterator<K, V> {
    private record Head(KeyValue<Bytes, byte[]> entry, KeyValueIterator<Bytes, byte[]> source) {}

    private final List<KeyValueIterator<Bytes, byte[]>> sources;
    private final PriorityQueue<Head> heads =
        new PriorityQueue<>(Comparator.comparing(h -> h.entry().key()));
    private final Deserializer<K> keys;
    private final Deserializer<V> values;
    private final String topic;

    Merged(List<KeyValueIterator<Bytes, byte[]>> sources, Deserializer<K> keys,
        Deserializer<V> values, String topic) {
      this.sources = sources;
      this.keys = keys;
      this.values = values;
      this.topic = topic;
      for (KeyValueIterator<Bytes, byte[]> it : sources) {
        if (it.hasNext()) {
          heads.add(new Head(it.next(), it));
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public KeyValue<K, V> next() {
      Head h = heads.poll();
      if (h == null) {
        throw new NoSuchElementException();
      }
      if (h.source().hasNext()) {
        heads.add(new Head(h.source().next(), h.source()));
      }
      return new KeyValue<>(keys.deserialize(topic, h.entry().key().get()),
          values.deserialize(topic, h.entry().value()));
    }

    @Override
    public void close() {
      sources.forEach(KeyValueIterator::close);
    }
  }
}
