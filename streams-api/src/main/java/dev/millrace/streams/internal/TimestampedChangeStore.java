package dev.millrace.streams.internal;

import dev.millrace.state.KeyValueStore;

/**
 * The runtime's stores as the DSL's own operators see them: puts carry the record timestamp, and
 * a listener learns of changes when they leave the cache, so that tables forward collapsed
 * updates.
 */
public interface TimestampedChangeStore<K, V> extends KeyValueStore<K, V> {
  void put(K key, V value, long timestamp);

  /**
   * As {@link #put(Object, Object, long)} for a key the caller knows to hold no value (its
   * operator never wrote it, or deleted it): stores may skip reading the old value to report.
   */
  default void putNew(K key, V value, long timestamp) {
    put(key, value, timestamp);
  }

  /** Sets the one listener; null removes it. */
  void setChangeListener(ChangeListener<K, V> listener);
}
