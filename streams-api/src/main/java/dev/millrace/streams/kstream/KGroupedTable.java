package dev.millrace.streams.kstream;

/**
 * A table regrouped by {@link KTable#groupBy}, ready for aggregation with retraction: every row
 * update first subtracts the row's old value from the group it was in, then adds its new value to
 * its new group. Groups keep their entry when emptied (a count of 0), as in Kafka Streams.
 *
 * @param <K> the group key type
 * @param <V> the value type
 */
public interface KGroupedTable<K, V> {
  /** Number of rows per group. */
  KTable<K, Long> count();

  KTable<K, Long> count(Materialized<K, Long> materialized);

  /**
   * Combines the rows' values per group: {@code adder} adds a new value, {@code subtractor}
   * removes an old one ({@code (agg, old) -> agg - old}).
   */
  KTable<K, V> reduce(Reducer<V> adder, Reducer<V> subtractor);

  KTable<K, V> reduce(Reducer<V> adder, Reducer<V> subtractor, Materialized<K, V> materialized);

  /** Folds rows into a per-group aggregate, with an adder and a subtractor. */
  <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> adder, Aggregator<? super K, ? super V, VA> subtractor);

  <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> adder, Aggregator<? super K, ? super V, VA> subtractor,
      Materialized<K, VA> materialized);
}
