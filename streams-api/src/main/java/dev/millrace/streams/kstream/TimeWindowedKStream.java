package dev.millrace.streams.kstream;

/**
 * A grouped stream cut into {@link TimeWindows} or {@link SlidingWindows}. Each aggregation keeps
 * one value per key and window in a window store (retained for at least size + grace, see {@link
 * Materialized#withRetention}; sliding windows also keep the records of that span) and returns a
 * table keyed by {@link Windowed} key. Example, tumbling windows of 10: {@code (a,1)@3, (a,1)@7,
 * (a,1)@12} → {@code count()} gives {@code [a@0/10]=2, [a@10/20]=1}. Records with a null key or
 * value are skipped.
 */
public interface TimeWindowedKStream<K, V> {
  /** When results go downstream; {@link EmitStrategy#onWindowUpdate()} by default. */
  TimeWindowedKStream<K, V> emitStrategy(EmitStrategy strategy);

  KTable<Windowed<K>, Long> count();

  KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized);

  KTable<Windowed<K>, V> reduce(Reducer<V> reducer);

  KTable<Windowed<K>, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized);

  <VA> KTable<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator);

  <VA> KTable<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Materialized<K, VA> materialized);
}
