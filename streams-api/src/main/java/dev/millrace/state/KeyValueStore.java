package dev.millrace.state;

/**
 * A named key-value store owned by one task. Writes are buffered by the runtime until the task
 * commits: reads see them at once, the changelog and the durable store only at the commit, so a
 * crash never leaves a store holding uncommitted state.
 */
public interface KeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V> {
  /** Sets the value of {@code key}; a null value deletes it. */
  void put(K key, V value);

  /** Sets the value only if the key is absent; returns the previous value or null. */
  V putIfAbsent(K key, V value);

  /** Removes {@code key}; returns its previous value or null. */
  V delete(K key);
}
