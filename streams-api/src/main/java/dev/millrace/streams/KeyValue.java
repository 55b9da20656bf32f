package dev.millrace.streams;

/**
 * A key and a value, as forwarded by DSL operators and returned by store iterators.
 *
 * @param key may be null
 * @param value may be null
 */
public record KeyValue<K, V>(K key, V value) {
  /** Shorthand for {@code new KeyValue<>(key, value)}. */
  public static <K, V> KeyValue<K, V> pair(K key, V value) {
    return new KeyValue<>(key, value);
  }
}
