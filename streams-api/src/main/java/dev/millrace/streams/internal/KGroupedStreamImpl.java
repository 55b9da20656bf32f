package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.kstream.Aggregator;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.Initializer;
import dev.millrace.streams.kstream.KGroupedStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Named;
import dev.millrace.streams.kstream.Reducer;
import dev.millrace.streams.kstream.SessionWindowedKStream;
import dev.millrace.streams.kstream.SessionWindows;
import dev.millrace.streams.kstream.SlidingWindows;
import dev.millrace.streams.kstream.TimeWindowedKStream;
import dev.millrace.streams.kstream.TimeWindows;
import java.util.List;
import java.util.Objects;

/**
 * A grouped stream. If the key changed upstream, the first aggregation adds the repartition topic
 * (named after the grouping, else after that aggregation's store) and later ones reuse it.
 */
final class KGroupedStreamImpl<K, V> implements KGroupedStream<K, V> {
  private final InternalStreamsBuilder builder;
  private final String node;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final boolean repartitionRequired;
  private final String groupName;
  private String repartitionSource;

  KGroupedStreamImpl(InternalStreamsBuilder builder, String node, Serde<K> keySerde,
      Serde<V> valueSerde, boolean repartitionRequired, String groupName) {
    this.builder = builder;
    this.node = node;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.repartitionRequired = repartitionRequired;
    this.groupName = groupName;
  }

  @Override
  public KTable<K, Long> count() {
    return count(null, Materialized.with(null, null));
  }

  @Override
  public KTable<K, Long> count(Materialized<K, Long> materialized) {
    return count(null, materialized);
  }

  @Override
  public KTable<K, Long> count(Named named, Materialized<K, Long> materialized) {
    return aggregate(named, materialized, Serdes.Long(),
        AggregateOperators.<K, V, Long>aggregating(() -> 0L, (k, v, agg) -> agg + 1));
  }

  @Override
  public KTable<K, V> reduce(Reducer<V> reducer) {
    return reduce(reducer, null, Materialized.with(null, null));
  }

  @Override
  public KTable<K, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized) {
    return reduce(reducer, null, materialized);
  }

  @Override
  public KTable<K, V> reduce(Reducer<V> reducer, Named named, Materialized<K, V> materialized) {
    Objects.requireNonNull(reducer, "reducer");
    return aggregate(named, materialized, valueSerde, AggregateOperators.reducing(reducer));
  }

  @Override
  public <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator) {
    return aggregate(initializer, aggregator, null, Materialized.with(null, null));
  }

  @Override
  public <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Materialized<K, VA> materialized) {
    return aggregate(initializer, aggregator, null, materialized);
  }

  @Override
  public <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator, Named named,
      Materialized<K, VA> materialized) {
    Objects.requireNonNull(initializer, "initializer");
    Objects.requireNonNull(aggregator, "aggregator");
    return aggregate(named, materialized, null,
        AggregateOperators.aggregating(initializer, aggregator));
  }

  private <VA> KTable<K, VA> aggregate(Named named, Materialized<K, VA> materialized,
      Serde<?> defaultValueSerde, AggregateOperators.Fold<K, V, VA> fold) {
    Objects.requireNonNull(materialized, "materialized");
    StoreDef store = builder.materialize(materialized, "KSTREAM-AGGREGATE-STATE-STORE-", keySerde,
        defaultValueSerde);
    String parent = aggregationSource(store.name());
    String name = builder.nameOr(named, "KSTREAM-AGGREGATE-");
    builder.addNode(new ProcessorDef(name, List.of(parent),
        AggregateOperators.streamAggregate(store.name(), fold), List.of(store.name())));
    return new KTableImpl<>(builder, name, store.name(), store.keySerde(), store.valueSerde());
  }

  /** The node an aggregation storing into {@code storeName} reads: after repartitioning if needed. */
  String aggregationSource(String storeName) {
    if (!repartitionRequired) {
      return node;
    }
    if (repartitionSource == null) {
      repartitionSource = builder.repartition(node,
          groupName != null ? groupName : storeName, keySerde, valueSerde, false, 0);
    }
    return repartitionSource;
  }

  @Override
  public TimeWindowedKStream<K, V> windowedBy(TimeWindows windows) {
    return new TimeWindowedKStreamImpl<>(builder, this, keySerde, valueSerde,
        Objects.requireNonNull(windows, "windows"), null, EmitStrategy.onWindowUpdate());
  }

  @Override
  public TimeWindowedKStream<K, V> windowedBy(SlidingWindows windows) {
    return new TimeWindowedKStreamImpl<>(builder, this, keySerde, valueSerde, null,
        Objects.requireNonNull(windows, "windows"), EmitStrategy.onWindowUpdate());
  }

  @Override
  public SessionWindowedKStream<K, V> windowedBy(SessionWindows windows) {
    return new SessionWindowedKStreamImpl<>(builder, this, keySerde, valueSerde,
        Objects.requireNonNull(windows, "windows"), EmitStrategy.onWindowUpdate());
  }
}
