package dev.millrace.streams.internal;

/**
 * Told when a store update becomes visible downstream: at once without a cache, at flush or
 * eviction with one (then once per key, with the value downstream saw last as the old value).
 */
@FunctionalInterface
public interface ChangeListener<K, V> {
  void onChange(K key, V newValue, V oldValue, long timestamp);
}
