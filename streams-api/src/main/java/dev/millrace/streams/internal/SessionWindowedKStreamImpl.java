package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.kstream.Aggregator;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.Initializer;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Merger;
import dev.millrace.streams.kstream.Reducer;
import dev.millrace.streams.kstream.SessionWindowedKStream;
import dev.millrace.streams.kstream.SessionWindows;
import dev.millrace.streams.kstream.Windowed;
import java.util.Objects;

final class SessionWindowedKStreamImpl<K, V> implements SessionWindowedKStream<K, V> {
  private final InternalStreamsBuilder builder;
  private final KGroupedStreamImpl<K, V> grouped;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final SessionWindows windows;
  private final EmitStrategy emit;

  SessionWindowedKStreamImpl(InternalStreamsBuilder builder, KGroupedStreamImpl<K, V> grouped,
      Serde<K> keySerde, Serde<V> valueSerde, SessionWindows windows, EmitStrategy emit) {
    this.builder = builder;
    this.grouped = grouped;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.windows = windows;
    this.emit = emit;
  }

  @Override
  public SessionWindowedKStream<K, V> emitStrategy(EmitStrategy strategy) {
    return new SessionWindowedKStreamImpl<>(builder, grouped, keySerde, valueSerde, windows,
        Objects.requireNonNull(strategy, "strategy"));
  }

  @Override
  public KTable<Windowed<K>, Long> count() {
    return count(Materialized.with(null, null));
  }

  @Override
  public KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized) {
    return aggregate(materialized, Serdes.Long(),
        AggregateOperators.<K, V, Long>aggregating(() -> 0L, (k, v, agg) -> agg + 1),
        (k, a, b) -> a + b);
  }

  @Override
  public KTable<Windowed<K>, V> reduce(Reducer<V> reducer) {
    return reduce(reducer, Materialized.with(null, null));
  }

  @Override
  public KTable<Windowed<K>, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized) {
    Objects.requireNonNull(reducer, "reducer");
    return aggregate(materialized, valueSerde, AggregateOperators.reducing(reducer),
        (k, a, b) -> reducer.apply(a, b));
  }

  @Override
  public <VA> KTable<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Merger<? super K, VA> merger) {
    return aggregate(initializer, aggregator, merger, Materialized.with(null, null));
  }

  @Override
  public <VA> KTable<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Merger<? super K, VA> merger,
      Materialized<K, VA> materialized) {
    Objects.requireNonNull(initializer, "initializer");
    Objects.requireNonNull(aggregator, "aggregator");
    Objects.requireNonNull(merger, "merger");
    return aggregate(materialized, null, AggregateOperators.aggregating(initializer, aggregator),
        merger);
  }

  private <VA> KTable<Windowed<K>, VA> aggregate(Materialized<K, VA> materialized,
      Serde<?> defaultValueSerde, AggregateOperators.Fold<K, V, VA> fold,
      Merger<? super K, VA> merger) {
    Objects.requireNonNull(materialized, "materialized");
    return WindowedStores.aggregate(builder, grouped, keySerde, materialized, defaultValueSerde,
        StoreDef.Layout.SESSION, WindowedKeySerde.SESSION,
        windows.inactivityGapMs() + windows.graceMs(), "KSTREAM-SESSION-AGGREGATE",
        names -> () -> new SessionWindowAggregate<>(names.store(), names.timeStore(), emit,
            windows, fold, merger));
  }
}
