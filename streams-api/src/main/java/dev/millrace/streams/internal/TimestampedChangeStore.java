package dev.millrace.streams.internal;

import dev.millrace.log.Header;
import dev.millrace.state.KeyValueStore;
import java.util.List;

/**
 * The runtime's stores as the DSL's own operators see them: puts carry the record timestamp and
 * headers, and a listener learns of changes when they leave the cache, so that tables forward
 * collapsed updates with the context of the last record that made them.
 *
 * <p>Headers travel with the update only in memory (the cache entry, the listener call): they are
 * never written to the store or its changelog.
 */
public interface TimestampedChangeStore<K, V> extends KeyValueStore<K, V> {
  /**
   * @param headers immutable (as {@link dev.millrace.streams.processor.Record#headers()} are);
   *     kept by reference, not copied
   */
  void put(K key, V value, long timestamp, List<Header> headers);

  /** A put whose change is never forwarded, or carries no headers. */
  default void put(K key, V value, long timestamp) {
    put(key, value, timestamp, List.of());
  }

  /**
   * As {@link #put(Object, Object, long, List)} for a key the caller knows to hold no value (its
   * operator never wrote it, or deleted it): stores may skip reading the old value to report.
   */
  default void putNew(K key, V value, long timestamp, List<Header> headers) {
    put(key, value, timestamp, headers);
  }

  /**
   * The value of {@code key} as downstream last learned of it through the change listener: the
   * stored value, except while writes to the key wait in the cache, when it is the value they
   * replace. Table-table joins read the other side this way (see {@code TableView}).
   */
  V getAsForwarded(K key);

  /** Sets the one listener; null removes it. */
  void setChangeListener(ChangeListener<K, V> listener);
}
