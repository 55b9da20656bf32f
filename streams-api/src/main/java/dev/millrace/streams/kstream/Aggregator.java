package dev.millrace.streams.kstream;

/**
 * Folds a record into its key's aggregate: {@code (k, v, agg) -> agg + v.length()}.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <VA> the aggregate type
 */
@FunctionalInterface
public interface Aggregator<K, V, VA> {
  /**
   * @param key the record's (group) key, never null
   * @param value the record's value, never null
   * @param aggregate the current aggregate, from the {@link Initializer} for a new key
   * @return the new aggregate; null deletes the key's entry
   */
  VA apply(K key, V value, VA aggregate);
}
