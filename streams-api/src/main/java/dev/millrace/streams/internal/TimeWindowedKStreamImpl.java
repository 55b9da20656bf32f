package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.kstream.Aggregator;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.Initializer;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Reducer;
import dev.millrace.streams.kstream.SlidingWindows;
import dev.millrace.streams.kstream.TimeWindowedKStream;
import dev.millrace.streams.kstream.TimeWindows;
import dev.millrace.streams.kstream.Windowed;
import java.util.Objects;

final class TimeWindowedKStreamImpl<K, V> implements TimeWindowedKStream<K, V> {
  private final InternalStreamsBuilder builder;
  private final KGroupedStreamImpl<K, V> grouped;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final TimeWindows windows;
  private final SlidingWindows sliding;
  private final EmitStrategy emit;

  /** Exactly one of {@code windows} and {@code sliding} is non-null. */
  TimeWindowedKStreamImpl(InternalStreamsBuilder builder, KGroupedStreamImpl<K, V> grouped,
      Serde<K> keySerde, Serde<V> valueSerde, TimeWindows windows, SlidingWindows sliding,
      EmitStrategy emit) {
    this.builder = builder;
    this.grouped = grouped;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.windows = windows;
    this.sliding = sliding;
    this.emit = emit;
  }

  @Override
  public TimeWindowedKStream<K, V> emitStrategy(EmitStrategy strategy) {
    return new TimeWindowedKStreamImpl<>(builder, grouped, keySerde, valueSerde, windows,
        sliding, Objects.requireNonNull(strategy, "strategy"));
  }

  @Override
  public KTable<Windowed<K>, Long> count() {
    return count(Materialized.with(null, null));
  }

  @Override
  public KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized) {
    return aggregate(materialized, Serdes.Long(),
        AggregateOperators.<K, V, Long>aggregating(() -> 0L, (k, v, agg) -> agg + 1));
  }

  @Override
  public KTable<Windowed<K>, V> reduce(Reducer<V> reducer) {
    return reduce(reducer, Materialized.with(null, null));
  }

  @Override
  public KTable<Windowed<K>, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized) {
    Objects.requireNonNull(reducer, "reducer");
    return aggregate(materialized, valueSerde, AggregateOperators.reducing(reducer));
  }

  @Override
  public <VA> KTable<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator) {
    return aggregate(initializer, aggregator, Materialized.with(null, null));
  }

  @Override
  public <VA> KTable<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Materialized<K, VA> materialized) {
    Objects.requireNonNull(initializer, "initializer");
    Objects.requireNonNull(aggregator, "aggregator");
    return aggregate(materialized, null, AggregateOperators.aggregating(initializer, aggregator));
  }

  private <VA> KTable<Windowed<K>, VA> aggregate(Materialized<K, VA> materialized,
      Serde<?> defaultValueSerde, AggregateOperators.Fold<K, V, VA> fold) {
    Objects.requireNonNull(materialized, "materialized");
    if (sliding != null) {
      long diff = sliding.timeDifferenceMs();
      return WindowedStores.aggregate(builder, grouped, keySerde, materialized,
          defaultValueSerde, StoreDef.Layout.WINDOW, diff, diff + sliding.graceMs() + 2,
          "KSTREAM-SLIDING-AGGREGATE", new ValueListSerde<>(valueSerde),
          names -> () -> new SlidingWindowAggregate<>(names.store(), names.timeStore(),
              names.records(), emit, sliding, fold));
    }
    return WindowedStores.aggregate(builder, grouped, keySerde, materialized, defaultValueSerde,
        StoreDef.Layout.WINDOW, windows.sizeMs(), windows.sizeMs() + windows.graceMs(),
        "KSTREAM-WINDOWED-AGGREGATE",
        names -> () -> new TimeWindowAggregate<>(names.store(), names.timeStore(), emit, windows,
            fold));
  }
}
