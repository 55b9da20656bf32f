package dev.millrace.streams.kstream;

/** Combines the aggregates of two sessions that a new record joins into one. */
@FunctionalInterface
public interface Merger<K, V> {
  V apply(K key, V aggregate1, V aggregate2);
}
