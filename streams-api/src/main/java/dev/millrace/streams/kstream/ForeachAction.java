package dev.millrace.streams.kstream;

/**
 * A side effect per record, as used by {@code peek} and {@code foreach}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface ForeachAction<K, V> {
  void apply(K key, V value);
}
