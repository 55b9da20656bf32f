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
import dev.millrace.streams.kstream.ValueJoiner;
import dev.millrace.streams.kstream.ValueMapper;
import dev.millrace.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.Objects;

/**
 * A table as a node whose records are {@link Change}s, with its store if materialized, and how
 * joins read its rows ({@link TableView}; null if no store upstream can serve them).
 */
final class KTableImpl<K, V> implements KTable<K, V> {
  private final InternalStreamsBuilder builder;
  private final String node;
  private final String storeName;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final TableView<K, V> view;
  /** Made on the first join of a table without a view, shared by later ones. */
  private KTableImpl<K, V> materializedForJoins;

  /** A table whose rows, if {@code storeName} is not null, are that store's entries. */
  KTableImpl(InternalStreamsBuilder builder, String node, String storeName, Serde<?> keySerde,
      Serde<?> valueSerde) {
    this(builder, node, storeName, keySerde, valueSerde,
        storeName == null ? null : TableView.store(storeName));
  }

  @SuppressWarnings("unchecked")
  KTableImpl(InternalStreamsBuilder builder, String node, String storeName, Serde<?> keySerde,
      Serde<?> valueSerde, TableView<K, V> view) {
    this.builder = builder;
    this.node = node;
    this.storeName = storeName;
    this.keySerde = (Serde<K>) keySerde;
    this.valueSerde = (Serde<V>) valueSerde;
    this.view = view;
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
        valueSerde, view == null ? null : view.filter(predicate, true));
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
        valueSerde, view == null ? null : view.filter(predicate, false));
  }

  @Override
  public <VR> KTable<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper) {
    return mapValues(mapper, (Named) null);
  }

  @Override
  public <VR> KTable<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper, Named named) {
    Objects.requireNonNull(mapper, "mapper");
    return new KTableImpl<>(builder,
        add(named, "KTABLE-MAPVALUES-", TableOperators.mapValues(mapper)), null, keySerde, null,
        view == null ? null : view.mapValues(mapper));
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

  // ------------------------------------------------------------------ joins

  @Override
  public <VO, VR> KTable<K, VR> join(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner) {
    return join(TableTableJoin.Kind.INNER, other, joiner, null, null);
  }

  @Override
  public <VO, VR> KTable<K, VR> join(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named) {
    return join(TableTableJoin.Kind.INNER, other, joiner, Objects.requireNonNull(named, "named"),
        null);
  }

  @Override
  public <VO, VR> KTable<K, VR> join(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Materialized<K, VR> materialized) {
    return join(TableTableJoin.Kind.INNER, other, joiner, null,
        Objects.requireNonNull(materialized, "materialized"));
  }

  @Override
  public <VO, VR> KTable<K, VR> join(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named,
      Materialized<K, VR> materialized) {
    return join(TableTableJoin.Kind.INNER, other, joiner, Objects.requireNonNull(named, "named"),
        Objects.requireNonNull(materialized, "materialized"));
  }

  @Override
  public <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner) {
    return join(TableTableJoin.Kind.LEFT, other, joiner, null, null);
  }

  @Override
  public <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named) {
    return join(TableTableJoin.Kind.LEFT, other, joiner, Objects.requireNonNull(named, "named"),
        null);
  }

  @Override
  public <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Materialized<K, VR> materialized) {
    return join(TableTableJoin.Kind.LEFT, other, joiner, null,
        Objects.requireNonNull(materialized, "materialized"));
  }

  @Override
  public <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named,
      Materialized<K, VR> materialized) {
    return join(TableTableJoin.Kind.LEFT, other, joiner, Objects.requireNonNull(named, "named"),
        Objects.requireNonNull(materialized, "materialized"));
  }

  @Override
  public <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner) {
    return join(TableTableJoin.Kind.OUTER, other, joiner, null, null);
  }

  @Override
  public <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named) {
    return join(TableTableJoin.Kind.OUTER, other, joiner, Objects.requireNonNull(named, "named"),
        null);
  }

  @Override
  public <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Materialized<K, VR> materialized) {
    return join(TableTableJoin.Kind.OUTER, other, joiner, null,
        Objects.requireNonNull(materialized, "materialized"));
  }

  @Override
  public <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named,
      Materialized<K, VR> materialized) {
    return join(TableTableJoin.Kind.OUTER, other, joiner, Objects.requireNonNull(named, "named"),
        Objects.requireNonNull(materialized, "materialized"));
  }

  /**
   * Two processors, one per side, each reading the other side's rows, merged into one table;
   * then a store if {@code materialized}. Both sides' stores end up in one sub-topology, whose
   * inputs the runtime checks for co-partitioning.
   */
  private <VO, VR> KTable<K, VR> join(TableTableJoin.Kind kind, KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named,
      Materialized<K, VR> materialized) {
    Objects.requireNonNull(other, "other");
    Objects.requireNonNull(joiner, "joiner");
    KTableImpl<K, V> left = readable();
    KTableImpl<K, VO> right = sameBuilder((KTableImpl<K, VO>) other).readable();
    String merge = builder.nameOr(named, "KTABLE-MERGE-");
    String thisName = named != null ? named.name() + "-" + kind.suffix + "-this"
        : builder.newName("KTABLE-" + kind.prefix + "THIS-");
    String otherName = named != null ? named.name() + "-" + kind.suffix + "-other"
        : builder.newName("KTABLE-" + kind.prefix + "OTHER-");
    builder.addNode(new ProcessorDef(thisName, List.of(left.node),
        TableTableJoin.leftSide(kind, right.view, joiner), right.view.stores()));
    builder.addNode(new ProcessorDef(otherName, List.of(right.node),
        TableTableJoin.rightSide(kind, left.view, joiner), left.view.stores()));
    builder.addNode(new ProcessorDef(merge, List.of(thisName, otherName),
        StreamOperators.passThrough(), List.of()));
    KTableImpl<K, VR> joined = new KTableImpl<>(builder, merge, null, keySerde, null,
        TableTableJoin.view(kind, left.view, right.view, joiner));
    return materialized == null ? joined
        : materialized(joined, materialized, keySerde != null ? keySerde : right.keySerde, null);
  }

  /** Whether the other table comes from the same builder; joins cannot span topologies. */
  private <VO> KTableImpl<K, VO> sameBuilder(KTableImpl<K, VO> other) {
    if (other.builder != builder) {
      throw new IllegalArgumentException("cannot join tables of different StreamsBuilders");
    }
    return other;
  }

  /**
   * This table if joins can read its rows, else (e.g. after {@code suppress}) the table
   * materialized into a store of its own without cache, so its updates are not delayed further.
   */
  KTableImpl<K, V> readable() {
    if (view != null) {
      return this;
    }
    if (materializedForJoins == null) {
      materializedForJoins = (KTableImpl<K, V>) materialized(this,
          Materialized.<K, V>with(keySerde, valueSerde).withCachingDisabled(), keySerde,
          valueSerde);
    }
    return materializedForJoins;
  }

  InternalStreamsBuilder builder() {
    return builder;
  }

  String node() {
    return node;
  }

  Serde<K> keySerde() {
    return keySerde;
  }

  TableView<K, V> view() {
    return view;
  }
}
