package dev.millrace.streams.internal;

import dev.millrace.log.Header;
import java.util.List;

/**
 * Told when a store update becomes visible downstream: at once without a cache, at flush or
 * eviction with one (then once per key, with the value downstream saw last as the old value).
 * {@code headers} are those of the record whose put made the value (with a cache: the last put
 * before the flush), so that the record forwarded for the update carries them, as in Kafka
 * Streams.
 */
@FunctionalInterface
public interface ChangeListener<K, V> {
  void onChange(K key, V newValue, V oldValue, long timestamp, List<Header> headers);
}
