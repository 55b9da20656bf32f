package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.kstream.Aggregator;
import dev.millrace.streams.kstream.Initializer;
import dev.millrace.streams.kstream.KGroupedTable;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Reducer;
import java.util.List;
import java.util.Objects;

/**
 * A regrouped table: its changes always travel through a repartition topic (as {@link Change}s,
 * so retractions reach the old group's task) before the aggregation.
 */
final class KGroupedTableImpl<K, V> implements KGroupedTable<K, V> {
  private final InternalStreamsBuilder builder;
  private final String node;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final String groupName;
  private String repartitionSource;

  KGroupedTableImpl(InternalStreamsBuilder builder, String node, Serde<K> keySerde,
      Serde<V> valueSerde, String groupName) {
    this.builder = builder;
    this.node = node;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.groupName = groupName;
  }

  @Override
  public KTable<K, Long> count() {
    return count(Materialized.with(null, null));
  }

  @Override
  public KTable<K, Long> count(Materialized<K, Long> materialized) {
    return aggregate(materialized, Serdes.Long(),
        AggregateOperators.<K, V, Long>aggregating(() -> 0L, (k, v, agg) -> agg + 1),
        AggregateOperators.<K, V, Long>aggregating(() -> 0L, (k, v, agg) -> agg - 1));
  }

  @Override
  public KTable<K, V> reduce(Reducer<V> adder, Reducer<V> subtractor) {
    return reduce(adder, subtractor, Materialized.with(null, null));
  }

  @Override
  public KTable<K, V> reduce(Reducer<V> adder, Reducer<V> subtractor,
      Materialized<K, V> materialized) {
    Objects.requireNonNull(adder, "adder");
    Objects.requireNonNull(subtractor, "subtractor");
    return aggregate(materialized, valueSerde, AggregateOperators.reducing(adder),
        (k, old, agg) -> agg == null ? null : subtractor.apply(agg, old));
  }

  @Override
  public <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> adder,
      Aggregator<? super K, ? super V, VA> subtractor) {
    return aggregate(initializer, adder, subtractor, Materialized.with(null, null));
  }

  @Override
  public <VA> KTable<K, VA> aggregate(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> adder, Aggregator<? super K, ? super V, VA> subtractor,
      Materialized<K, VA> materialized) {
    Objects.requireNonNull(initializer, "initializer");
    Objects.requireNonNull(adder, "adder");
    Objects.requireNonNull(subtractor, "subtractor");
    return aggregate(materialized, null, AggregateOperators.aggregating(initializer, adder),
        AggregateOperators.aggregating(initializer, subtractor));
  }

  private <VA> KTable<K, VA> aggregate(Materialized<K, VA> materialized,
      Serde<?> defaultValueSerde, AggregateOperators.Fold<K, V, VA> add,
      AggregateOperators.Fold<K, V, VA> subtract) {
    Objects.requireNonNull(materialized, "materialized");
    StoreDef store = builder.materialize(materialized, "KTABLE-AGGREGATE-STATE-STORE-", keySerde,
        defaultValueSerde);
    if (repartitionSource == null) {
      repartitionSource = builder.repartition(node,
          groupName != null ? groupName : store.name(), keySerde, valueSerde, true, 0);
    }
    String name = builder.newName("KTABLE-AGGREGATE-");
    builder.addNode(new ProcessorDef(name, List.of(repartitionSource),
        AggregateOperators.tableAggregate(store.name(), add, subtract), List.of(store.name())));
    return new KTableImpl<>(builder, name, store.name(), store.keySerde(), store.valueSerde());
  }
}
