package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.BranchedKStream;
import dev.millrace.streams.kstream.ForeachAction;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.Joined;
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.kstream.KGroupedStream;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.KeyValueMapper;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Named;
import dev.millrace.streams.kstream.Predicate;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.Repartitioned;
import dev.millrace.streams.kstream.StreamJoined;
import dev.millrace.streams.kstream.TopicNameExtractor;
import dev.millrace.streams.kstream.ValueJoiner;
import dev.millrace.streams.kstream.ValueMapper;
import dev.millrace.log.TopicNames;
import dev.millrace.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.Objects;

/**
 * A stream as a node of the graph under construction, with the serdes known to fit its records
 * (null if unknown) and whether its key was changed since the last repartition.
 */
final class KStreamImpl<K, V> implements KStream<K, V> {
  final InternalStreamsBuilder builder;
  final String node;
  final Serde<K> keySerde;
  final Serde<V> valueSerde;
  final boolean keyChanged;

  KStreamImpl(InternalStreamsBuilder builder, String node, Serde<K> keySerde, Serde<V> valueSerde,
      boolean keyChanged) {
    this.builder = builder;
    this.node = node;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.keyChanged = keyChanged;
  }

  private String add(Named named, String prefix, ProcessorSupplier<?, ?, ?, ?> supplier,
      String... stores) {
    String name = builder.nameOr(named, prefix);
    builder.addNode(new ProcessorDef(name, List.of(node), supplier, List.of(stores)));
    return name;
  }

  @Override
  public KStream<K, V> filter(Predicate<? super K, ? super V> predicate) {
    return filter(predicate, null);
  }

  @Override
  public KStream<K, V> filter(Predicate<? super K, ? super V> predicate, Named named) {
    Objects.requireNonNull(predicate, "predicate");
    return new KStreamImpl<>(builder,
        add(named, "KSTREAM-FILTER-", StreamOperators.filter(predicate, true)), keySerde,
        valueSerde, keyChanged);
  }

  @Override
  public KStream<K, V> filterNot(Predicate<? super K, ? super V> predicate) {
    return filterNot(predicate, null);
  }

  @Override
  public KStream<K, V> filterNot(Predicate<? super K, ? super V> predicate, Named named) {
    Objects.requireNonNull(predicate, "predicate");
    return new KStreamImpl<>(builder,
        add(named, "KSTREAM-FILTER-", StreamOperators.filter(predicate, false)), keySerde,
        valueSerde, keyChanged);
  }

  @Override
  public <KR, VR> KStream<KR, VR> map(
      KeyValueMapper<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper) {
    return map(mapper, null);
  }

  @Override
  public <KR, VR> KStream<KR, VR> map(
      KeyValueMapper<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper,
      Named named) {
    Objects.requireNonNull(mapper, "mapper");
    return new KStreamImpl<>(builder, add(named, "KSTREAM-MAP-", StreamOperators.map(mapper)),
        null, null, true);
  }

  @Override
  public <VR> KStream<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper) {
    return mapValues(mapper, null);
  }

  @Override
  public <VR> KStream<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper, Named named) {
    Objects.requireNonNull(mapper, "mapper");
    return new KStreamImpl<>(builder,
        add(named, "KSTREAM-MAPVALUES-", StreamOperators.mapValues(mapper)), keySerde, null,
        keyChanged);
  }

  @Override
  public <KR, VR> KStream<KR, VR> flatMap(KeyValueMapper<? super K, ? super V,
      ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>> mapper) {
    return flatMap(mapper, null);
  }

  @Override
  public <KR, VR> KStream<KR, VR> flatMap(KeyValueMapper<? super K, ? super V,
      ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>> mapper, Named named) {
    Objects.requireNonNull(mapper, "mapper");
    return new KStreamImpl<>(builder,
        add(named, "KSTREAM-FLATMAP-", StreamOperators.flatMap(mapper)), null, null, true);
  }

  @Override
  public <VR> KStream<K, VR> flatMapValues(
      ValueMapper<? super V, ? extends Iterable<? extends VR>> mapper) {
    return flatMapValues(mapper, null);
  }

  @Override
  public <VR> KStream<K, VR> flatMapValues(
      ValueMapper<? super V, ? extends Iterable<? extends VR>> mapper, Named named) {
    Objects.requireNonNull(mapper, "mapper");
    return new KStreamImpl<>(builder,
        add(named, "KSTREAM-FLATMAPVALUES-", StreamOperators.flatMapValues(mapper)), keySerde,
        null, keyChanged);
  }

  @Override
  public <KR> KStream<KR, V> selectKey(KeyValueMapper<? super K, ? super V, ? extends KR> mapper) {
    return selectKey(mapper, null);
  }

  @Override
  public <KR> KStream<KR, V> selectKey(KeyValueMapper<? super K, ? super V, ? extends KR> mapper,
      Named named) {
    Objects.requireNonNull(mapper, "mapper");
    return new KStreamImpl<>(builder,
        add(named, "KSTREAM-KEY-SELECT-", StreamOperators.selectKey(mapper)), null, valueSerde,
        true);
  }

  @Override
  public KStream<K, V> peek(ForeachAction<? super K, ? super V> action) {
    return peek(action, null);
  }

  @Override
  public KStream<K, V> peek(ForeachAction<? super K, ? super V> action, Named named) {
    Objects.requireNonNull(action, "action");
    return new KStreamImpl<>(builder,
        add(named, "KSTREAM-PEEK-", StreamOperators.peek(action, true)), keySerde, valueSerde,
        keyChanged);
  }

  @Override
  public void foreach(ForeachAction<? super K, ? super V> action) {
    foreach(action, null);
  }

  @Override
  public void foreach(ForeachAction<? super K, ? super V> action, Named named) {
    Objects.requireNonNull(action, "action");
    add(named, "KSTREAM-FOREACH-", StreamOperators.peek(action, false));
  }

  @Override
  public BranchedKStream<K, V> split() {
    return split(null);
  }

  @Override
  public BranchedKStream<K, V> split(Named named) {
    return new BranchedKStreamImpl<>(this, named);
  }

  @Override
  public KStream<K, V> merge(KStream<K, V> other) {
    return merge(other, null);
  }

  @Override
  public KStream<K, V> merge(KStream<K, V> other, Named named) {
    Objects.requireNonNull(other, "other");
    KStreamImpl<K, V> o = (KStreamImpl<K, V>) other;
    if (o.builder != builder) {
      throw new IllegalArgumentException("cannot merge streams of different StreamsBuilders");
    }
    String name = builder.nameOr(named, "KSTREAM-MERGE-");
    builder.addNode(new ProcessorDef(name, List.of(node, o.node), StreamOperators.passThrough(),
        List.of()));
    return new KStreamImpl<>(builder, name, keySerde == o.keySerde ? keySerde : null,
        valueSerde == o.valueSerde ? valueSerde : null, keyChanged || o.keyChanged);
  }

  @Override
  public void to(String topic) {
    to(topic, Produced.with(null, null));
  }

  @Override
  public void to(String topic, Produced<K, V> produced) {
    TopicNames.validate(topic);
    addSink(topic, null, produced);
  }

  @Override
  public void to(TopicNameExtractor<K, V> extractor) {
    to(extractor, Produced.with(null, null));
  }

  @Override
  public void to(TopicNameExtractor<K, V> extractor, Produced<K, V> produced) {
    Objects.requireNonNull(extractor, "extractor");
    addSink(null, extractor, produced);
  }

  private void addSink(String topic, TopicNameExtractor<K, V> extractor, Produced<K, V> produced) {
    Objects.requireNonNull(produced, "produced");
    String name = produced.name() != null ? produced.name() : builder.newName("KSTREAM-SINK-");
    builder.addNode(new SinkDef(name, List.of(node), topic, extractor, false,
        produced.keySerde() != null ? produced.keySerde() : keySerde,
        produced.valueSerde() != null ? produced.valueSerde() : valueSerde, false, 0));
  }

  @Override
  public KStream<K, V> repartition() {
    return repartition(Repartitioned.with(null, null));
  }

  @Override
  public KStream<K, V> repartition(Repartitioned<K, V> repartitioned) {
    Objects.requireNonNull(repartitioned, "repartitioned");
    String base = repartitioned.name() != null ? repartitioned.name()
        : builder.newName("KSTREAM-REPARTITION-");
    Serde<K> k = repartitioned.keySerde() != null ? repartitioned.keySerde() : keySerde;
    Serde<V> v = repartitioned.valueSerde() != null ? repartitioned.valueSerde() : valueSerde;
    String source = builder.repartition(node, base, k, v, false,
        repartitioned.numberOfPartitions());
    return new KStreamImpl<>(builder, source, k, v, false);
  }

  @Override
  public KGroupedStream<K, V> groupByKey() {
    return groupByKey(Grouped.with(null, null));
  }

  @Override
  public KGroupedStream<K, V> groupByKey(Grouped<K, V> grouped) {
    Objects.requireNonNull(grouped, "grouped");
    return new KGroupedStreamImpl<>(builder, node,
        grouped.keySerde() != null ? grouped.keySerde() : keySerde,
        grouped.valueSerde() != null ? grouped.valueSerde() : valueSerde,
        keyChanged, grouped.name());
  }

  @Override
  public <KR> KGroupedStream<KR, V> groupBy(KeyValueMapper<? super K, ? super V, KR> keySelector) {
    return groupBy(keySelector, Grouped.with(null, null));
  }

  @Override
  public <KR> KGroupedStream<KR, V> groupBy(KeyValueMapper<? super K, ? super V, KR> keySelector,
      Grouped<KR, V> grouped) {
    Objects.requireNonNull(keySelector, "keySelector");
    Objects.requireNonNull(grouped, "grouped");
    String selected = add(null, "KSTREAM-KEY-SELECT-", StreamOperators.selectKey(keySelector));
    return new KGroupedStreamImpl<>(builder, selected, grouped.keySerde(),
        grouped.valueSerde() != null ? grouped.valueSerde() : valueSerde, true, grouped.name());
  }

  @Override
  public KTable<K, V> toTable() {
    return toTable(null, Materialized.with(null, null));
  }

  @Override
  public KTable<K, V> toTable(Named named) {
    return toTable(named, Materialized.with(null, null));
  }

  @Override
  public KTable<K, V> toTable(Materialized<K, V> materialized) {
    return toTable(null, materialized);
  }

  @Override
  public KTable<K, V> toTable(Named named, Materialized<K, V> materialized) {
    Objects.requireNonNull(materialized, "materialized");
    StoreDef store = builder.materialize(materialized, "KSTREAM-TOTABLE-STATE-STORE-", keySerde,
        valueSerde);
    String parent = keyChanged
        ? builder.repartition(node, store.name(), store.keySerde(), store.valueSerde(), false, 0)
        : node;
    String name = builder.nameOr(named, "KSTREAM-TOTABLE-");
    builder.addNode(new ProcessorDef(name, List.of(parent), TableOperators.source(store.name()),
        List.of(store.name())));
    return new KTableImpl<>(builder, name, store.name(), store.keySerde(), store.valueSerde());
  }

  @Override
  public <KOut, VOut> KStream<KOut, VOut> process(
      ProcessorSupplier<? super K, ? super V, KOut, VOut> supplier, String... storeNames) {
    return process(supplier, null, storeNames);
  }

  @Override
  public <KOut, VOut> KStream<KOut, VOut> process(
      ProcessorSupplier<? super K, ? super V, KOut, VOut> supplier, Named named,
      String... storeNames) {
    Objects.requireNonNull(supplier, "supplier");
    return new KStreamImpl<>(builder, add(named, "KSTREAM-PROCESSOR-", supplier, storeNames), null,
        null, true);
  }

  // ------------------------------------------------------------------ joins with tables

  @Override
  public <VT, VR> KStream<K, VR> join(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner) {
    return join(table, joiner, Joined.with(null, null, null));
  }

  @Override
  public <VT, VR> KStream<K, VR> join(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner, Joined<K, V, VT> joined) {
    return joinTable(table, joiner, joined, false);
  }

  @Override
  public <VT, VR> KStream<K, VR> leftJoin(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner) {
    return leftJoin(table, joiner, Joined.with(null, null, null));
  }

  @Override
  public <VT, VR> KStream<K, VR> leftJoin(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner, Joined<K, V, VT> joined) {
    return joinTable(table, joiner, joined, true);
  }

  /**
   * One processor reading the table's rows, after a repartition topic if the key was changed.
   * Reading the table's store puts the processor in the table's sub-topology, so the runtime
   * checks that the stream's input is co-partitioned with the table's.
   */
  private <VT, VR> KStream<K, VR> joinTable(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner, Joined<K, V, VT> joined,
      boolean leftJoin) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(joiner, "joiner");
    Objects.requireNonNull(joined, "joined");
    KTableImpl<K, VT> t = (KTableImpl<K, VT>) table;
    if (t.builder() != builder) {
      throw new IllegalArgumentException("cannot join a stream with a table of another"
          + " StreamsBuilder");
    }
    t = t.readable();
    String name = joined.name() != null ? joined.name()
        : builder.newName(leftJoin ? "KSTREAM-LEFTJOIN-" : "KSTREAM-JOIN-");
    // the keys are the table's keys: its serde fits them when nothing more specific is known
    Serde<K> k = joined.keySerde() != null ? joined.keySerde()
        : keySerde != null ? keySerde : t.keySerde();
    Serde<V> v = joined.valueSerde() != null ? joined.valueSerde() : valueSerde;
    String parent = keyChanged ? builder.repartition(node, name, k, v, false, 0) : node;
    builder.addNode(new ProcessorDef(name, List.of(parent),
        StreamTableJoin.supplier(t.view(), joiner, leftJoin), t.view().stores()));
    return new KStreamImpl<>(builder, name, k, null, false);
  }

  // ------------------------------------------------------------------ windowed stream-stream joins

  @Override
  public <VO, VR> KStream<K, VR> join(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows) {
    return join(other, joiner, windows, StreamJoined.with(null, null, null));
  }

  @Override
  public <VO, VR> KStream<K, VR> join(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
      StreamJoined<K, V, VO> streamJoined) {
    return StreamStreamJoinBuilder.join(this, other, joiner, windows, streamJoined,
        StreamStreamJoinBuilder.Kind.INNER);
  }

  @Override
  public <VO, VR> KStream<K, VR> leftJoin(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows) {
    return leftJoin(other, joiner, windows, StreamJoined.with(null, null, null));
  }

  @Override
  public <VO, VR> KStream<K, VR> leftJoin(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
      StreamJoined<K, V, VO> streamJoined) {
    return StreamStreamJoinBuilder.join(this, other, joiner, windows, streamJoined,
        StreamStreamJoinBuilder.Kind.LEFT);
  }

  @Override
  public <VO, VR> KStream<K, VR> outerJoin(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows) {
    return outerJoin(other, joiner, windows, StreamJoined.with(null, null, null));
  }

  @Override
  public <VO, VR> KStream<K, VR> outerJoin(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
      StreamJoined<K, V, VO> streamJoined) {
    return StreamStreamJoinBuilder.join(this, other, joiner, windows, streamJoined,
        StreamStreamJoinBuilder.Kind.OUTER);
  }
}
