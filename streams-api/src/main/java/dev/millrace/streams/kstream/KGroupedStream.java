package dev.millrace.streams.kstream;

/**
 * A stream grouped by key, ready for aggregation. Records with a null key or value are skipped
 * (and counted as skipped). Each aggregation keeps its result in a store and returns it as a
 * table: {@code count()} over {@code (a,x),(b,y),(a,z)} gives {@code a=2, b=1}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface KGroupedStream<K, V> {
  /** Number of records per key. */
  KTable<K, Long> count();

  KTable<K, Long> count(Materialized<K, Long> materialized);

  KTable<K, Long> count(Named named, Materialized<K, Long> materialized);

  /** Combines the values per key: {@code Long::sum} over {@code (a,1),(a,2)} gives {@code a=3}. */
  KTable<K, V> reduce(Reducer<V> reducer);

  KTable<K, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized);

  KTable<K, V> reduce(Reducer<V> reducer, Named named, Materialized<K, V> materialized);

  /** Folds the values per key into an aggregate started by the initializer. */
  <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator);

  <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Materialized<K, VA> materialized);

  <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Named named,
      Materialized<K, VA> materialized);

  /** Cuts the stream into tumbling or hopping windows for aggregation. */
  TimeWindowedKStream<K, V> windowedBy(TimeWindows windows);

  /** Cuts the stream into sliding windows: one per distinct set of records within a time span. */
  TimeWindowedKStream<K, V> windowedBy(SlidingWindows windows);

  /** Cuts the stream into per-key sessions of activity for aggregation. */
  SessionWindowedKStream<K, V> windowedBy(SessionWindows windows);
}
