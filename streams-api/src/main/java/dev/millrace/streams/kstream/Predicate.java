package dev.millrace.streams.kstream;

/**
 * A test on a record's key and value, as used by {@code filter} and {@code split}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface Predicate<K, V> {
  boolean test(K key, V value);
}
