package dev.millrace.runtime.internal;

import dev.millrace.log.Header;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serializer;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.internal.ChangeListener;
import dev.millrace.streams.internal.TimestampedChangeStore;
import dev.millrace.streams.internal.WindowKeyBytes;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A task's typed key-value store: the facade processors use, over three layers.
 *
 * <ol>
 *   <li>A write-back cache of typed values (LRU, bounded by an estimate in bytes): reads are served
 *       from it without deserializing, and writes to a key between two commits collapse into one.
 *       Disabled when the budget is 0 or the store asks for no caching.
 *   <li>The pending writes: serialized values leaving the cache (at flush or eviction) that are
 *       not committed yet. They are in the changelog buffer too, and reach the engine only at
 *       commit, together with the checkpoint; so uncommitted writes never reach the store.
 *   <li>The engine's {@link KeyValueBytesStore}, holding committed state.
 * </ol>
 *
 * When a value leaves the cache (or at once, without cache), the {@link ChangeListener} learns the
 * new value and the value it last reported, which is how tables forward collapsed updates. A cache
 * entry also keeps the timestamp and headers of its last put, so the forwarded update carries the
 * context of the last record folded into it; headers never reach the engine or the changelog.
 *
 * <p>Used by the task's thread only. Cached values are held as objects: a processor must not
 * mutate a value after putting it.
 */
final class TaskStore<K, V> implements TimestampedChangeStore<K, V> {
  private static final byte[] ABSENT = new byte[0];
  private static final byte[] NOT_PENDING = new byte[0];
  private static final Bytes ONE_GROUP = Bytes.wrap(new byte[0]);
  private static final int ENTRY_OVERHEAD = 64;

  private final String name;
  private final String serdeTopic;
  private final KeyValueBytesStore inner;
  private final Serializer<K> keySerializer;
  private final Deserializer<K> keyDeserializer;
  private final Serializer<V> valueSerializer;
  private final Deserializer<V> valueDeserializer;
  private final TopicPartition changelog;
  private final long cacheMaxBytes;
  private final StreamTask task;

  private final LinkedHashMap<Bytes, Entry<K, V>> cache = new LinkedHashMap<>(256, 0.75f, true);
  private final List<Entry<K, V>> dirty = new ArrayList<>();
  private long cacheBytes;
  private int valueSizeEstimate = 32;
  /**
   * With {@code sortedOverlay} (window and session stores, whose operators may read small key
   * ranges on every record) the keys of the uncommitted entries are also kept sorted, so that a
   * range read touches only the uncommitted entries inside its range instead of all of them.
   */
  private final boolean sortedOverlay;
  /** Window and session layouts: sorted keys are grouped by record key (see {@link #group}). */
  private final boolean groupByRecordKey;
  /**
   * The keys of the pending writes and dirty entries, sorted within each group, each with the
   * cache entry that last became dirty for it (null if none). Built by the first range read after
   * a commit and maintained until the next one, so that stores only ever read by key (most window
   * stores) never pay for the ordering, and the lookups and writes of the others stay hash-based.
   * Null while not built.
   */
  private Map<Bytes, TreeMap<Bytes, Entry<K, V>>> uncommittedKeys;
  private Map<Bytes, byte[]> pending = new HashMap<>();
  private List<LogRecord> changelogBuffer = new ArrayList<>();
  private long checkpoint;
  private ChangeListener<K, V> listener;

  private K lastKey;
  private Bytes lastKeyBytes;
  private long lastKeyStep = -1;

  private static final class Entry<K, V> {
    final K key;
    final Bytes keyBytes;
    V value;
    V reported;
    boolean dirty;
    long timestamp;
    /** Of the last put while dirty; the immutable list of the record, shared, not copied. */
    List<Header> headers = List.of();
    int size;

    Entry(K key, Bytes keyBytes, V value) {
      this.key = key;
      this.keyBytes = keyBytes;
      this.value = value;
    }
  }

  TaskStore(String name, String serdeTopic, KeyValueBytesStore inner, Serializer<K> keySerializer,
      Deserializer<K> keyDeserializer, Serializer<V> valueSerializer,
      Deserializer<V> valueDeserializer, TopicPartition changelog, long cacheMaxBytes,
      StreamTask task) {
    this(name, serdeTopic, inner, keySerializer, keyDeserializer, valueSerializer,
        valueDeserializer, changelog, cacheMaxBytes, task, false);
  }

  TaskStore(String name, String serdeTopic, KeyValueBytesStore inner, Serializer<K> keySerializer,
      Deserializer<K> keyDeserializer, Serializer<V> valueSerializer,
      Deserializer<V> valueDeserializer, TopicPartition changelog, long cacheMaxBytes,
      StreamTask task, boolean sortedOverlay) {
    this.sortedOverlay = sortedOverlay;
    this.groupByRecordKey = sortedOverlay && inner instanceof WindowStoreAdapter;
    this.name = name;
    this.serdeTopic = serdeTopic;
    this.inner = inner;
    this.keySerializer = keySerializer;
    this.keyDeserializer = keyDeserializer;
    this.valueSerializer = valueSerializer;
    this.valueDeserializer = valueDeserializer;
    this.changelog = changelog;
    this.cacheMaxBytes = cacheMaxBytes;
    this.task = task;
    this.checkpoint = Math.max(0, inner.checkpoint());
  }

  KeyValueBytesStore inner() {
    return inner;
  }

  String serdeTopic() {
    return serdeTopic;
  }

  Serializer<K> keySerializer() {
    return keySerializer;
  }

  Deserializer<K> keyDeserializer() {
    return keyDeserializer;
  }

  Deserializer<V> valueDeserializer() {
    return valueDeserializer;
  }

  TopicPartition changelog() {
    return changelog;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void setChangeListener(ChangeListener<K, V> listener) {
    // set before the first write (operators do it in init): entries cached while there was no
    // listener did not read the old value they would report
    this.listener = listener;
  }

  private Bytes keyBytes(K key) {
    Objects.requireNonNull(key, "store key must not be null");
    // get-then-put of the same key object while handling one record is the common aggregation
    // pattern: serialize it once. Only within one record, so a mutable key object reused across
    // records cannot be served stale bytes.
    long step = task.step();
    if (key == lastKey && step == lastKeyStep) {
      return lastKeyBytes;
    }
    lastKeyStep = step;
    byte[] b = keySerializer.serialize(serdeTopic, key);
    if (b == null) {
      throw new IllegalArgumentException("key serializer of store '" + name
          + "' returned null for key " + key);
    }
    lastKey = key;
    lastKeyBytes = Bytes.wrap(b);
    return lastKeyBytes;
  }

  @Override
  public V get(K key) {
    return lookup(key, false);
  }

  @Override
  public V getAsForwarded(K key) {
    return lookup(key, true);
  }

  private V lookup(K key, boolean asForwarded) {
    Bytes kb = keyBytes(key);
    if (cacheMaxBytes > 0) {
      Entry<K, V> e = cache.get(kb);
      if (e != null) {
        // a dirty entry's value has not been forwarded yet: downstream last saw the one it replaced
        return asForwarded && e.dirty ? e.reported : e.value;
      }
      V v = readBelowCache(kb);
      addToCache(new Entry<>(key, kb, v));
      evictIfNeeded();
      return v;
    }
    return readBelowCache(kb);
  }

  private V readBelowCache(Bytes kb) {
    byte[] b = pending.getOrDefault(kb, ABSENT);
    if (b == ABSENT) {
      b = inner.get(kb);
    }
    return b == null ? null : valueDeserializer.deserialize(serdeTopic, b);
  }

  @Override
  public void put(K key, V value) {
    put(key, value, task.currentTimestamp());
  }

  @Override
  public void put(K key, V value, long timestamp, List<Header> headers) {
    put(key, value, timestamp, headers, true);
  }

  @Override
  public void putNew(K key, V value, long timestamp, List<Header> headers) {
    put(key, value, timestamp, headers, false);
  }

  /** With {@code mayExist} false the caller knows the key holds no value anywhere below. */
  private void put(K key, V value, long timestamp, List<Header> headers, boolean mayExist) {
    Bytes kb = keyBytes(key);
    boolean readOld = mayExist && listener != null;
    if (cacheMaxBytes > 0) {
      Entry<K, V> e = cache.get(kb);
      if (e == null) {
        // the value below the cache only matters as the old value reported to a listener; a
        // store without one (e.g. a windowed operator's own bookkeeping) skips that read
        e = new Entry<>(key, kb, readOld ? readBelowCache(kb) : null);
        addToCache(e);
      }
      if (!e.dirty) {
        e.dirty = true;
        indexUncommitted(e.keyBytes, e);
        e.reported = e.value;
        if (dirty.size() > 2 * cache.size() + 64) {
          // entries evicted since the last flush stay listed (no longer dirty): drop them so the
          // list stays proportional to the cache, not to the writes between commits
          dirty.removeIf(d -> !d.dirty);
        }
        dirty.add(e);
      }
      e.value = value;
      e.timestamp = timestamp;
      if (headers != e.headers) {
        setHeaders(e, headers);
      }
      evictIfNeeded();
    } else {
      V old = readOld ? readBelowCache(kb) : null;
      write(kb, key, value, old, timestamp, headers);
    }
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V old = get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  @Override
  public V delete(K key) {
    V old = get(key);
    put(key, null);
    return old;
  }

  /** Headers held by an entry count against the cache budget like its key and value. */
  private void setHeaders(Entry<K, V> e, List<Header> headers) {
    int size = e.size - headerBytes(e.headers) + headerBytes(headers);
    cacheBytes += size - e.size;
    e.size = size;
    e.headers = headers;
  }

  private static int headerBytes(List<Header> headers) {
    int bytes = 0;
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      bytes += h.key().length() + (h.value() == null ? 0 : h.value().length) + 16;
    }
    return bytes;
  }

  /** A clean entry holds no headers: they belong to the update, which has left. */
  private void clearHeaders(Entry<K, V> e) {
    if (!e.headers.isEmpty()) {
      setHeaders(e, List.of());
    }
  }

  /** Adds without evicting: the caller first finishes updating the entry. */
  private void addToCache(Entry<K, V> e) {
    cache.put(e.keyBytes, e);
    e.size = e.keyBytes.length() + valueSizeEstimate + ENTRY_OVERHEAD;
    cacheBytes += e.size;
  }

  /**
   * Evicts least recently used entries until the cache fits its budget (possibly the entry just
   * written, if one entry exceeds the budget). Evicted dirty entries are first all moved to the
   * pending writes, and only then reported, so that a listener reading this store sees them.
   */
  private void evictIfNeeded() {
    if (cacheBytes <= cacheMaxBytes) {
      return;
    }
    List<Entry<K, V>> evicted = null;
    Iterator<Entry<K, V>> it = cache.values().iterator();
    while (cacheBytes > cacheMaxBytes && it.hasNext()) {
      Entry<K, V> e = it.next();
      it.remove();
      cacheBytes -= e.size;
      if (e.dirty) {
        e.dirty = false;
        if (evicted == null) {
          evicted = new ArrayList<>();
        }
        evicted.add(e);
      }
    }
    if (cache.isEmpty()) {
      cacheBytes = 0;
    }
    if (evicted != null) {
      for (Entry<K, V> e : evicted) {
        writeOut(e.keyBytes, e.value, e.timestamp);
      }
      if (listener != null) {
        for (Entry<K, V> e : evicted) {
          listener.onChange(e.key, e.value, e.reported, e.timestamp, e.headers);
        }
      }
      for (Entry<K, V> e : evicted) {
        // evicted entries may stay listed in dirty until the next flush: let go of the headers
        e.headers = List.of();
      }
    }
  }

  /** A value leaves the cache (or bypasses it): pending, changelog, listener. */
  private void write(Bytes kb, K key, V value, V old, long timestamp, List<Header> headers) {
    writeOut(kb, value, timestamp);
    if (listener != null) {
      listener.onChange(key, value, old, timestamp, headers);
    }
  }

  private void writeOut(Bytes kb, V value, long timestamp) {
    byte[] vb = value == null ? null : valueSerializer.serialize(serdeTopic, value);
    if (vb != null) {
      valueSizeEstimate = (valueSizeEstimate * 7 + vb.length) >>> 3;
    }
    pending.put(kb, vb);
    if (cacheMaxBytes == 0) {
      // with a cache every written key was noted when its entry became dirty
      indexUncommitted(kb, null);
    }
    if (changelog != null) {
      changelogBuffer.add(new LogRecord(kb.get(), vb, Math.max(timestamp, -1), List.of()));
    }
  }

  /** Writes out every dirty cache entry, in the order they became dirty. */
  boolean flush() {
    if (dirty.isEmpty()) {
      return false;
    }
    // the listener may forward into another store of the task, or even back into this one
    List<Entry<K, V>> toFlush = new ArrayList<>(dirty);
    dirty.clear();
    for (Entry<K, V> e : toFlush) {
      if (e.dirty) {
        e.dirty = false;
        List<Header> headers = e.headers;
        clearHeaders(e);
        write(e.keyBytes, e.key, e.value, e.reported, e.timestamp, headers);
      }
    }
    return true;
  }

  /**
   * Appends the changelog buffer through the collector; remembers the checkpoint this commit will
   * reach: past the appended records and whatever the commit itself adds (a transaction marker).
   */
  void appendChangelog(RecordCollector collector) {
    if (changelog != null && !changelogBuffer.isEmpty()) {
      long first = collector.appendNow(changelog, changelogBuffer);
      checkpoint = first + changelogBuffer.size() + collector.offsetsAddedByCommit();
      changelogBuffer = new ArrayList<>();
    }
  }

  /** Applies the pending writes to the engine atomically with the checkpoint. */
  void commitToEngine() {
    if (!pending.isEmpty()) {
      inner.commit(pending, checkpoint);
      pending = new HashMap<>();
      uncommittedKeys = null;
    }
  }

  /** Forgets uncommitted state (on a failed task). */
  void discard() {
    cache.clear();
    dirty.clear();
    cacheBytes = 0;
    pending = new HashMap<>();
    uncommittedKeys = null;
    changelogBuffer = new ArrayList<>();
  }

  // ------------------------------------------------------------------ range reads

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    return scan(from == null ? null : keyBytes(from), to == null ? null : keyBytes(to), null);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    return scan(null, null, null);
  }

  @Override
  public KeyValueIterator<K, V> prefixScan(K prefix) {
    return scan(null, null, keyBytes(prefix));
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries() + pending.size() + dirty.size();
  }

  private static boolean inRange(Bytes k, Bytes from, Bytes to, Bytes prefix) {
    return (from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0)
        && (prefix == null || k.startsWith(prefix));
  }

  /**
   * Uncommitted entries (pending writes, dirty cache entries) overlaid on the engine's entries,
   * in key order; deletions hide engine entries.
   */
  private KeyValueIterator<K, V> scan(Bytes from, Bytes to, Bytes prefix) {
    Iterator<Map.Entry<Bytes, Object>> overlay = sortedOverlay && prefix == null
        ? sortedUncommitted(from, to) : filteredUncommitted(from, to, prefix);
    KeyValueIterator<Bytes, byte[]> base = prefix != null ? inner.prefixScan(prefix)
        : (from == null && to == null) ? inner.all() : inner.range(from, to);
    return new MergedIterator(overlay, base);
  }

  /** The uncommitted entries in range, found by filtering all of them. */
  private Iterator<Map.Entry<Bytes, Object>> filteredUncommitted(Bytes from, Bytes to,
      Bytes prefix) {
    TreeMap<Bytes, Object> overlay = new TreeMap<>();
    for (Map.Entry<Bytes, byte[]> e : pending.entrySet()) {
      if (inRange(e.getKey(), from, to, prefix)) {
        byte[] v = e.getValue();
        overlay.put(e.getKey(), v == null ? ABSENT : v);
      }
    }
    for (Entry<K, V> e : dirty) {
      if (e.dirty && inRange(e.keyBytes, from, to, prefix)) {
        overlay.put(e.keyBytes, e.value == null ? ABSENT : new Typed<>(e.value));
      }
    }
    return overlay.entrySet().iterator();
  }

  /**
   * The uncommitted entries in range, from the sorted keys: within one group only that group's
   * entries in range; across groups (full scans) all groups' entries in range, sorted. A copy, so
   * that the caller may write to the store while iterating.
   */
  private Iterator<Map.Entry<Bytes, Object>> sortedUncommitted(Bytes from, Bytes to) {
    Map<Bytes, TreeMap<Bytes, Entry<K, V>>> groups = uncommittedKeys();
    List<Map.Entry<Bytes, Object>> out = new ArrayList<>();
    Bytes group = from != null && to != null ? group(from) : null;
    if (group != null && group.equals(group(to))) {
      TreeMap<Bytes, Entry<K, V>> keys = groups.get(group);
      if (keys != null) {
        addUncommitted(subMap(keys, from, to), out);
      }
    } else {
      for (TreeMap<Bytes, Entry<K, V>> keys : groups.values()) {
        addUncommitted(subMap(keys, from, to), out);
      }
      if (groups.size() > 1) {
        out.sort(Map.Entry.comparingByKey());
      }
    }
    return out.iterator();
  }

  private void addUncommitted(java.util.SortedMap<Bytes, Entry<K, V>> keys,
      List<Map.Entry<Bytes, Object>> out) {
    for (Map.Entry<Bytes, Entry<K, V>> k : keys.entrySet()) {
      Entry<K, V> e = k.getValue();
      Object v;
      if (e != null && e.dirty) {
        v = e.value == null ? ABSENT : new Typed<>(e.value);
      } else {
        // written out since (or never cached): the pending write, unless committed meanwhile
        byte[] b = pending.getOrDefault(k.getKey(), NOT_PENDING);
        if (b == NOT_PENDING) {
          continue;
        }
        v = b == null ? ABSENT : b;
      }
      out.add(new AbstractMap.SimpleImmutableEntry<>(k.getKey(), v));
    }
  }

  private Map<Bytes, TreeMap<Bytes, Entry<K, V>>> uncommittedKeys() {
    if (uncommittedKeys == null) {
      uncommittedKeys = new HashMap<>();
      for (Bytes k : pending.keySet()) {
        indexUncommitted(k, null);
      }
      for (Entry<K, V> e : dirty) {
        if (e.dirty) {
          indexUncommitted(e.keyBytes, e);
        }
      }
    }
    return uncommittedKeys;
  }

  /** Notes an uncommitted key, and the entry that just became dirty for it, if any. */
  private void indexUncommitted(Bytes key, Entry<K, V> dirtied) {
    if (uncommittedKeys == null) {
      return;
    }
    TreeMap<Bytes, Entry<K, V>> keys = uncommittedKeys.computeIfAbsent(group(key),
        g -> new TreeMap<>());
    if (dirtied != null) {
      keys.put(key, dirtied);
    } else {
      keys.putIfAbsent(key, null);
    }
  }

  /**
   * The group of {@code key} in the sorted keys: for window and session layouts its record key,
   * since operators read ranges within one record key and a composite key range within one record
   * key holds only that key's entries; else one group for all.
   */
  private Bytes group(Bytes key) {
    return groupByRecordKey ? Bytes.wrap(WindowKeyBytes.key(key.get())) : ONE_GROUP;
  }

  private static <T> java.util.SortedMap<Bytes, T> subMap(TreeMap<Bytes, T> map, Bytes from,
      Bytes to) {
    if (from == null && to == null) {
      return map;
    }
    if (from == null) {
      return map.headMap(to, true);
    }
    if (to == null) {
      return map.tailMap(from, true);
    }
    return from.compareTo(to) > 0 ? java.util.Collections.emptySortedMap()
        : map.subMap(from, true, to, true);
  }

  private record Typed<V>(V value) {}

  private final class MergedIterator implements KeyValueIterator<K, V> {
    private final Iterator<Map.Entry<Bytes, Object>> overlay;
    private final KeyValueIterator<Bytes, byte[]> base;
    private Map.Entry<Bytes, Object> o;
    private KeyValue<Bytes, byte[]> b;
    private KeyValue<K, V> next;

    MergedIterator(Iterator<Map.Entry<Bytes, Object>> overlay, KeyValueIterator<Bytes, byte[]> base) {
      this.overlay = overlay;
      this.base = base;
      o = overlay.hasNext() ? overlay.next() : null;
      b = base.hasNext() ? base.next() : null;
    }

    @Override
    public boolean hasNext() {
      while (next == null && (o != null || b != null)) {
        int c = o == null ? 1 : b == null ? -1 : o.getKey().compareTo(b.key());
        if (c <= 0) {
          Map.Entry<Bytes, Object> cur = o;
          o = overlay.hasNext() ? overlay.next() : null;
          if (c == 0) {
            b = base.hasNext() ? base.next() : null;
          }
          Object v = cur.getValue();
          if (v != ABSENT) {
            next = new KeyValue<>(keyDeserializer.deserialize(serdeTopic, cur.getKey().get()),
                value(v));
          }
        } else {
          KeyValue<Bytes, byte[]> cur = b;
          b = base.hasNext() ? base.next() : null;
          next = new KeyValue<>(keyDeserializer.deserialize(serdeTopic, cur.key().get()),
              valueDeserializer.deserialize(serdeTopic, cur.value()));
        }
      }
      return next != null;
    }

    @SuppressWarnings("unchecked")
    private V value(Object v) {
      return v instanceof Typed<?> t ? (V) t.value()
          : valueDeserializer.deserialize(serdeTopic, (byte[]) v);
    }

    @Override
    public KeyValue<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      KeyValue<K, V> r = next;
      next = null;
      return r;
    }

    @Override
    public void close() {
      base.close();
    }
  }
}
