package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KGroupedTable;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.KeyValueMapper;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Named;
import dev.millrace.streams.kstream.Predicate;
import dev.millrace.streams.kstream.Suppressed;
import dev.millrace.streams.kstream.ValueMapper;
import dev.millrace.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.Objects;

/** A table as a node whose records are {@link Change}s, with its store if materialized. */
final class KTableImpl<K, V> implements KTable<K, V> {
  private final InternalStreamsBuilder builder;
  private final String node;
  private final String storeName;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  @SuppressWarnings("unchecked")
  KTableImpl(InternalStreamsBuilder builder, String node, String storeName, Serde<?> keySerde,
      Serde<?> valueSerde) {
    this.builder = builder;
    this.node = node;
    this.storeName = storeName;
    this.keySerde = (Serde<K>) keySerde;
    this.valueSerde = (Serde<V>) valueSerde;
  }

  private String add(Named named, String prefix, ProcessorSupplier<?, ?, ?, ?> supplier) {
    String name = builder.nameOr(named, prefix);
    builder.addNode(new ProcessorDef(name, List.of(node), supplier, List.of()));
    return name;
  }

  @Override
  public KTable<K, V> filter(Predicate<? super K, ? super V> predicate) {
    return filter(predicate, (Named) null);
  }

  @Override
  public KTable<K, V> filter(Predicate<? super K, ? super V> predicate, Named named) {
    Objects.requireNonNull(predicate, "predicate");
    return new KTableImpl<>(builder,
        add(named, "KTABLE-FILTER-", TableOperators.filter(predicate, true)), null, keySerde,
        valueSerde);
  }

  @Override
  public KTable<K, V> filterNot(Predicate<? super K, ? super V> predicate) {
    return filterNot(predicate, (Named) null);
  }

  @Override
  public KTable<K, V> filterNot(Predicate<? super K, ? super V> predicate, Named named) {
    Objects.requireNonNull(predicate, "predicate");
    return new KTableImpl<>(builder,
        add(named, "KTABLE-FILTER-", TableOperators.filter(predicate, false)), null, keySerde,
        valueSerde);
  }

  @Override
  public <VR> KTable<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper) {
    return mapValues(mapper, (Named) null);
  }

  @Override
  public <VR> KTable<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper, Named named) {
    Objects.requireNonNull(mapper, "mapper");
    return new KTableImpl<>(builder,
        add(named, "KTABLE-MAPVALUES-", TableOperators.mapValues(mapper)), null, keySerde, null);
  }

  @Override
  public KStream<K, V> toStream() {
    return toStream(null);
  }

  @Override
  public KStream<K, V> toStream(Named named) {
    return new KStreamImpl<>(builder, add(named, "KTABLE-TOSTREAM-", TableOperators.toStream()),
        keySerde, valueSerde, false);
  }

  @Override
  public <KR, VR> KGroupedTable<KR, VR> groupBy(
      KeyValueMapper<? super K, ? super V, KeyValue<KR, VR>> selector) {
    return groupBy(selector, Grouped.with(null, null));
  }

  @Override
  public <KR, VR> KGroupedTable<KR, VR> groupBy(
      KeyValueMapper<? super K, ? super V, KeyValue<KR, VR>> selector, Grouped<KR, VR> grouped) {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(grouped, "grouped");
    String mapped = add(null, "KTABLE-SELECT-", TableOperators.groupByMap(selector));
    return new KGroupedTableImpl<>(builder, mapped, grouped.keySerde(), grouped.valueSerde(),
        grouped.name());
  }

  @Override
  public KTable<K, V> filter(Predicate<? super K, ? super V> predicate,
      Materialized<K, V> materialized) {
    return materialized((KTableImpl<K, V>) filter(predicate), materialized, keySerde,
        valueSerde);
  }

  @Override
  public KTable<K, V> filterNot(Predicate<? super K, ? super V> predicate,
      Materialized<K, V> materialized) {
    return materialized((KTableImpl<K, V>) filterNot(predicate), materialized, keySerde,
        valueSerde);
  }

  @Override
  public <VR> KTable<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper,
      Materialized<K, VR> materialized) {
    return materialized((KTableImpl<K, VR>) this.<VR>mapValues(mapper), materialized, keySerde,
        null);
  }

  /** Adds a store after {@code table}'s node, holding its rows. */
  private static <K, V> KTable<K, V> materialized(KTableImpl<K, V> table,
      Materialized<K, V> materialized, Serde<?> keySerde, Serde<?> valueSerde) {
    Objects.requireNonNull(materialized, "materialized");
    InternalStreamsBuilder b = table.builder;
    StoreDef store = b.materialize(materialized, "KTABLE-STATE-STORE-", keySerde, valueSerde);
    String name = b.newName("KTABLE-MATERIALIZE-");
    b.addNode(new ProcessorDef(name, List.of(table.node),
        TableOperators.materialize(store.name()), List.of(store.name())));
    return new KTableImpl<>(b, name, store.name(), store.keySerde(), store.valueSerde());
  }

  @Override
  public String queryableStoreName() {
    return storeName;
  }

  @Override
  public KTable<K, V> suppress(Suppressed suppressed) {
    Objects.requireNonNull(suppressed, "suppressed");
    String storeName = suppressed.name() != null ? suppressed.name()
        : builder.newName("KTABLE-SUPPRESS-STATE-STORE-");
    builder.addStore(new StoreDef(storeName, keySerde, new SuppressBufferSerde<>(valueSerde),
        true, true, null));
    String name = builder.newName("KTABLE-SUPPRESS-");
    ProcessorSupplier<K, Change<V>, K, Change<V>> supplier =
        () -> new SuppressProcessor<>(storeName, suppressed);
    builder.addNode(new ProcessorDef(name, List.of(node), supplier, List.of(storeName)));
    return new KTableImpl<>(builder, name, null, keySerde, valueSerde);
  }
}
