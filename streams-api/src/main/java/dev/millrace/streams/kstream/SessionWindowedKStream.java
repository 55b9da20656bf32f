package dev.millrace.streams.kstream;

/**
 * A grouped stream cut into {@link SessionWindows}. Each aggregation keeps one value per key and
 * session in a session store; when a record joins sessions, their aggregates are combined with
 * the {@link Merger} (for {@code count} and {@code reduce}, by adding and by the reducer), the old
 * sessions are deleted downstream and the merged one is emitted. Example, gap 5: {@code (a)@1,
 * (a)@4, (a)@20} → {@code count()} gives {@code [a@1/4]=2, [a@20/20]=1}.
 */
public interface SessionWindowedKStream<K, V> {
  /** When results go downstream; {@link EmitStrategy#onWindowUpdate()} by default. */
  SessionWindowedKStream<K, V> emitStrategy(EmitStrategy strategy);

  KTable<Windowed<K>, Long> count();

  KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized);

  KTable<Windowed<K>, V> reduce(Reducer<V> reducer);

  KTable<Windowed<K>, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized);

  <VA> KTable<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Merger<? super K, VA> merger);

  <VA> KTable<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Merger<? super K, VA> merger,
      Materialized<K, VA> materialized);
}
