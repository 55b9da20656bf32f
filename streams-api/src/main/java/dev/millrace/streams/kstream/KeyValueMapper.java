package dev.millrace.streams.kstream;

/**
 * Computes something (a new key, a new pair, a list of pairs) from a record's key and value.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <R> the result type
 */
@FunctionalInterface
public interface KeyValueMapper<K, V, R> {
  R apply(K key, V value);
}
