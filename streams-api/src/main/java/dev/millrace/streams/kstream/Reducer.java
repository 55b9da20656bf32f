package dev.millrace.streams.kstream;

/**
 * Combines two values of the same type: {@code reduce(Long::sum)} turns values {@code 1, 2, 3} of
 * one key into the aggregate {@code 6}. As a subtractor of a {@link KGroupedTable}, its second
 * argument is the value to remove from the aggregate.
 *
 * @param <V> the value and aggregate type
 */
@FunctionalInterface
public interface Reducer<V> {
  /**
   * @param aggregate the current aggregate, never null
   * @param value the value to combine with it, never null
   */
  V apply(V aggregate, V value);
}
