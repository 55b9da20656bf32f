package dev.millrace.state;

/**
 * Read access to a key-value store. Keys are ordered by their serialized bytes, compared as
 * unsigned bytes, so ranges follow the key serde's byte order.
 */
public interface ReadOnlyKeyValueStore<K, V> {
  /** The store's name, unique within a topology. */
  String name();

  /** The value for {@code key}, or null if absent. @throws NullPointerException if key is null */
  V get(K key);

  /**
   * Entries with {@code from <= key <= to} (both inclusive, as in Kafka Streams), in key order.
   * A null bound means unbounded on that side.
   */
  KeyValueIterator<K, V> range(K from, K to);

  /** Every entry, in key order. */
  KeyValueIterator<K, V> all();

  /** Entries whose serialized key starts with the serialized {@code prefix}, in key order. */
  KeyValueIterator<K, V> prefixScan(K prefix);

  /** An estimate of the number of entries; exact for in-memory stores. */
  long approximateNumEntries();
}
