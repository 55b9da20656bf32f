package dev.millrace.streams.kstream;

import dev.millrace.streams.KeyValue;
import dev.millrace.streams.processor.ProcessorSupplier;

/**
 * An unbounded stream of independent key-value records. Operators return new streams; nothing runs
 * until the topology built from them is started. Records keep their timestamp through every
 * operator. Examples below show input records {@code (key, value)} and what comes out.
 *
 * <p>Key-changing operators ({@link #map}, {@link #selectKey}, {@link #flatMap},
 * {@link #groupBy}, {@link #process}) mark the stream; a later grouping then routes records through
 * an internal repartition topic so that all records of a key meet in one task.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface KStream<K, V> {
  /** Keeps the records the predicate accepts: {@code v > 1} on {@code (a,1),(b,2)} → {@code (b,2)}. */
  KStream<K, V> filter(Predicate<? super K, ? super V> predicate);

  KStream<K, V> filter(Predicate<? super K, ? super V> predicate, Named named);

  /** Drops the records the predicate accepts: {@code v > 1} on {@code (a,1),(b,2)} → {@code (a,1)}. */
  KStream<K, V> filterNot(Predicate<? super K, ? super V> predicate);

  KStream<K, V> filterNot(Predicate<? super K, ? super V> predicate, Named named);

  /** One new pair per record: {@code (k,v) -> pair(v, k)} on {@code (a,1)} → {@code (1,a)}. Key-changing. */
  <KR, VR> KStream<KR, VR> map(
      KeyValueMapper<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper);

  <KR, VR> KStream<KR, VR> map(
      KeyValueMapper<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper,
      Named named);

  /** A new value per record, same key: {@code v -> v * 10} on {@code (a,1)} → {@code (a,10)}. */
  <VR> KStream<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper);

  <VR> KStream<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper, Named named);

  /** Zero or more pairs per record, in order. Key-changing. */
  <KR, VR> KStream<KR, VR> flatMap(KeyValueMapper<? super K, ? super V,
      ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>> mapper);

  <KR, VR> KStream<KR, VR> flatMap(KeyValueMapper<? super K, ? super V,
      ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>> mapper, Named named);

  /** Zero or more values per record, same key: splitting {@code (a,"x y")} → {@code (a,x),(a,y)}. */
  <VR> KStream<K, VR> flatMapValues(ValueMapper<? super V, ? extends Iterable<? extends VR>> mapper);

  <VR> KStream<K, VR> flatMapValues(ValueMapper<? super V, ? extends Iterable<? extends VR>> mapper,
      Named named);

  /** A new key per record, same value: {@code (k,v) -> v} on {@code (a,1)} → {@code (1,1)}. Key-changing. */
  <KR> KStream<KR, V> selectKey(KeyValueMapper<? super K, ? super V, ? extends KR> mapper);

  <KR> KStream<KR, V> selectKey(KeyValueMapper<? super K, ? super V, ? extends KR> mapper,
      Named named);

  /** Calls {@code action} per record and passes the record on unchanged. */
  KStream<K, V> peek(ForeachAction<? super K, ? super V> action);

  KStream<K, V> peek(ForeachAction<? super K, ? super V> action, Named named);

  /** Calls {@code action} per record; a terminal operation. */
  void foreach(ForeachAction<? super K, ? super V> action);

  void foreach(ForeachAction<? super K, ? super V> action, Named named);

  /** Splits the stream into branches by predicates; see {@link BranchedKStream}. */
  BranchedKStream<K, V> split();

  /** Splits the stream; the name prefixes the branch names in the returned map. */
  BranchedKStream<K, V> split(Named named);

  /** Both streams' records, interleaved as they are processed. */
  KStream<K, V> merge(KStream<K, V> other);

  KStream<K, V> merge(KStream<K, V> other, Named named);

  /** Writes every record to an existing topic, with the serdes known from upstream or defaults. */
  void to(String topic);

  void to(String topic, Produced<K, V> produced);

  /** Writes every record to the topic the extractor names for it. */
  void to(TopicNameExtractor<K, V> extractor);

  void to(TopicNameExtractor<K, V> extractor, Produced<K, V> produced);

  /**
   * Routes the records through an internal topic {@code <application.id>-<name>-repartition},
   * partitioned by their current key, and continues from there in a new sub-topology.
   */
  KStream<K, V> repartition();

  KStream<K, V> repartition(Repartitioned<K, V> repartitioned);

  /** Groups by the current key, repartitioning first if the key was changed upstream. */
  KGroupedStream<K, V> groupByKey();

  KGroupedStream<K, V> groupByKey(Grouped<K, V> grouped);

  /** Groups by a new key (so always repartitions): {@code (k,v) -> v.department()}. */
  <KR> KGroupedStream<KR, V> groupBy(KeyValueMapper<? super K, ? super V, KR> keySelector);

  <KR> KGroupedStream<KR, V> groupBy(KeyValueMapper<? super K, ? super V, KR> keySelector,
      Grouped<KR, V> grouped);

  /** The stream read as a changelog: the latest value per key; a null value deletes the key. */
  KTable<K, V> toTable();

  KTable<K, V> toTable(Named named);

  KTable<K, V> toTable(Materialized<K, V> materialized);

  KTable<K, V> toTable(Named named, Materialized<K, V> materialized);

  /**
   * Runs a custom {@link dev.millrace.streams.processor.Processor} per record, with access to the
   * named stores (added with {@link dev.millrace.streams.StreamsBuilder#addStateStore}).
   * Key-changing, since the processor may forward any key.
   */
  <KOut, VOut> KStream<KOut, VOut> process(
      ProcessorSupplier<? super K, ? super V, KOut, VOut> supplier, String... storeNames);

  <KOut, VOut> KStream<KOut, VOut> process(
      ProcessorSupplier<? super K, ? super V, KOut, VOut> supplier, Named named,
      String... storeNames);

  // ------------------------------------------------------------------ joins with tables

  /**
   * Joins each record with the table's current row for its key: {@code joiner(value, row)},
   * forwarded with the record's key, timestamp and headers. Only stream records cause output;
   * a table update changes what later records see. A record whose key has no row is dropped, as
   * is (counted as skipped) one with a null key or value. If the stream's key was changed
   * upstream ({@link #selectKey}, {@link #map}, ...), records go through a repartition topic
   * first, with as many partitions as the table's input; otherwise the stream and the table must
   * be co-partitioned, or the application fails to start with an error naming the topics.
   *
   * <pre>{@code
   * orders.join(customers, (order, customer) -> order + " for " + customer)
   * customers: c1=ann
   * orders: (c1,book) → (c1,"book for ann")
   * orders: (c2,pen)  → (nothing: no customer c2)
   * customers: c1=bob
   * orders: (c1,ink)  → (c1,"ink for bob")
   * }</pre>
   */
  <VT, VR> KStream<K, VR> join(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner);

  /**
   * {@link #join(KTable, ValueJoiner)} with serdes for the repartition topic (if one is needed)
   * and a name for the join node and that topic.
   */
  <VT, VR> KStream<K, VR> join(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner, Joined<K, V, VT> joined);

  /**
   * Like {@link #join(KTable, ValueJoiner)}, but a record without a row joins with null, so
   * every record with a value gives one result. A record with a null key joins with null too
   * (as in Kafka Streams since 3.7); one with a null value is skipped.
   *
   * <pre>{@code
   * orders.leftJoin(customers, (order, customer) -> order + " for " + customer)
   * customers: c1=ann
   * orders: (c1,book) → (c1,"book for ann")
   * orders: (c2,pen)  → (c2,"pen for null")
   * }</pre>
   */
  <VT, VR> KStream<K, VR> leftJoin(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner);

  /** {@link #leftJoin(KTable, ValueJoiner)} with serdes and a name, as in {@link Joined}. */
  <VT, VR> KStream<K, VR> leftJoin(KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner, Joined<K, V, VT> joined);

  // ------------------------------------------------------------------ windowed stream-stream joins

  /**
   * Inner windowed join with another stream: for every pair of records with equal keys whose
   * timestamps are close enough ({@link JoinWindows}), emits {@code (key, joiner(thisValue,
   * otherValue))} with the later of the two timestamps, as soon as the second record of the pair
   * arrives. Records with a null key or value, and late records, are dropped and counted as
   * skipped. A stream whose key was changed upstream is repartitioned first; the two streams must
   * be co-partitioned (same partition count). Joining a stream with itself works.
   *
   * <p>Example, {@code JoinWindows.ofTimeDifferenceWithNoGrace(10 min)}, joiner {@code (i, c) ->
   * i + "/" + c}:
   * <pre>
   * impressions: (ad1,"i1")@12:00            (ad2,"i2")@12:01
   * clicks:                 (ad1,"c1")@12:05                   (ad2,"c2")@12:30
   * output:                 (ad1,"i1/c1")@12:05
   * </pre>
   *
   * @param <VO> the other stream's value type
   * @param <VR> the joined value type
   */
  <VO, VR> KStream<K, VR> join(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows);

  /**
   * {@link #join(KStream, ValueJoiner, JoinWindows)} with the serdes, names, store type and
   * logging of {@code streamJoined}.
   */
  <VO, VR> KStream<K, VR> join(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
      StreamJoined<K, V, VO> streamJoined);

  /**
   * Left windowed join: every inner-join result, plus {@code (key, joiner(thisValue, null))} at
   * the record's own timestamp for each record of this stream that never finds a partner. That
   * result waits until no partner can come any more: until stream time passes {@code ts + after +
   * grace}; so it is emitted exactly once, and never for a record that got a match.
   *
   * <p>Example, {@code JoinWindows.ofTimeDifferenceWithNoGrace(10 min)}:
   * <pre>
   * impressions: (ad1,"i1")@12:00  (ad2,"i2")@12:01
   * clicks:                                     (ad1,"c1")@12:05  (ad3,"c3")@12:20
   * output:                                     (ad1,"i1/c1")@12:05
   *                                                               (ad2,"i2/null")@12:01
   * </pre>
   * The last line is emitted when the click at 12:20 moves stream time past 12:01 + 10 min.
   */
  <VO, VR> KStream<K, VR> leftJoin(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows);

  /** {@link #leftJoin(KStream, ValueJoiner, JoinWindows)} configured by {@code streamJoined}. */
  <VO, VR> KStream<K, VR> leftJoin(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
      StreamJoined<K, V, VO> streamJoined);

  /**
   * Outer windowed join: like {@link #leftJoin(KStream, ValueJoiner, JoinWindows)}, and also
   * {@code (key, joiner(null, otherValue))} for each record of the other stream that never finds a
   * partner, once stream time passes {@code ts + before + grace}. The null-partner results of one
   * advance of stream time come out in timestamp order.
   *
   * <p>Example, {@code JoinWindows.ofTimeDifferenceWithNoGrace(10 min)}:
   * <pre>
   * impressions: (ad1,"i1")@12:00
   * clicks:                       (ad2,"c2")@12:02  (ad9,"c9")@12:30
   * output:                                         (ad1,"i1/null")@12:00
   *                                                 (ad2,"null/c2")@12:02
   * </pre>
   */
  <VO, VR> KStream<K, VR> outerJoin(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows);

  /** {@link #outerJoin(KStream, ValueJoiner, JoinWindows)} configured by {@code streamJoined}. */
  <VO, VR> KStream<K, VR> outerJoin(KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
      StreamJoined<K, V, VO> streamJoined);
}
