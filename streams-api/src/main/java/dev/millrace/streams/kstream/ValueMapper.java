package dev.millrace.streams.kstream;

/**
 * Maps a value to a new value, keeping the key: {@code mapValues(v -> v * 2)} turns
 * {@code (a, 1)} into {@code (a, 2)}.
 *
 * @param <V> the input value type
 * @param <VR> the result value type
 */
@FunctionalInterface
public interface ValueMapper<V, VR> {
  VR apply(V value);
}
