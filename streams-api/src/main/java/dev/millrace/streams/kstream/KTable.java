package dev.millrace.streams.kstream;

import dev.millrace.streams.KeyValue;

/**
 * A changelog stream read as a table: the latest value per key. Each update carries the key's new
 * and previous value, so that downstream operators can retract what they derived from the old one.
 * With caching on (the default), downstream sees at most one update per key per commit.
 *
 * <p>As in Kafka Streams, an update carries the timestamp and headers of the record that made it;
 * an update collapsed by the cache, those of the last record folded into it. This holds for the
 * tables that aggregations return too: {@code count()} over {@code (a,x)[h1], (a,y)[h2]} emits
 * {@code a=1[h1], a=2[h2]} without a cache, or just {@code a=2[h2]} when both fall between two
 * commits. Headers are kept in memory only, never in stores or changelogs.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface KTable<K, V> {
  /**
   * Keeps the rows the predicate accepts; a row that stops matching is deleted downstream.
   * Table {@code a=1}, update {@code a=5} with {@code v < 3} → downstream sees {@code a} deleted.
   */
  KTable<K, V> filter(Predicate<? super K, ? super V> predicate);

  KTable<K, V> filter(Predicate<? super K, ? super V> predicate, Named named);

  /** Filters into a store of its own, queryable and collapsing updates like any table store. */
  KTable<K, V> filter(Predicate<? super K, ? super V> predicate, Materialized<K, V> materialized);

  /** Drops the rows the predicate accepts. */
  KTable<K, V> filterNot(Predicate<? super K, ? super V> predicate);

  KTable<K, V> filterNot(Predicate<? super K, ? super V> predicate, Named named);

  KTable<K, V> filterNot(Predicate<? super K, ? super V> predicate,
      Materialized<K, V> materialized);

  /** A new value per row: {@code v -> v * 2} on {@code a=1} → {@code a=2}. */
  <VR> KTable<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper);

  <VR> KTable<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper, Named named);

  /** Maps into a store of its own (give the new value serde there, or rely on the default). */
  <VR> KTable<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper,
      Materialized<K, VR> materialized);

  /** The table's updates as a stream: each update's new value (null for a deletion). */
  KStream<K, V> toStream();

  KStream<K, V> toStream(Named named);

  /**
   * Regroups the rows under new keys, through a repartition topic. When a row changes, its old
   * value is subtracted from its old group and its new value added to its new group: table
   * {@code alice=(eng,10)} grouped by department, update {@code alice=(ops,12)} → group {@code eng}
   * loses 10, group {@code ops} gains 12.
   */
  <KR, VR> KGroupedTable<KR, VR> groupBy(
      KeyValueMapper<? super K, ? super V, KeyValue<KR, VR>> selector);

  <KR, VR> KGroupedTable<KR, VR> groupBy(
      KeyValueMapper<? super K, ? super V, KeyValue<KR, VR>> selector, Grouped<KR, VR> grouped);

  /** The name of the store materializing this table, or null if it is not materialized. */
  String queryableStoreName();

  /**
   * Holds back updates as {@code suppressed} says, e.g. {@code
   * suppress(Suppressed.untilTimeLimit(Duration.ofMinutes(1), BufferConfig.maxRecords(10_000)))}
   * emits each key at most once per minute of stream time.
   */
  KTable<K, V> suppress(Suppressed suppressed);

  // ------------------------------------------------------------------ joins

  /**
   * Joins with another table on the key: the result has a row for each key present in both
   * tables, {@code joiner(thisValue, otherValue)}. An update on either side reads the other side's
   * row and updates the joined row, with the old joined value for downstream retraction; when one
   * side's row goes, the joined row is deleted. The two tables must be co-partitioned (their input
   * topics have the same partition count, keyed alike); otherwise the application fails to start
   * with an error naming the topics.
   *
   * <pre>{@code
   * prices.join(stock, (price, qty) -> price * qty)   // value of the stock on hand
   * prices: apple=3          stock: -            → (nothing)
   * prices: -                stock: apple=10     → apple=30
   * prices: apple=4          stock: -            → apple=40   (old 30)
   * prices: -                stock: apple=null   → apple=null (deleted; old 40)
   * }</pre>
   *
   * <p>Each joined update carries the timestamp and headers of the update that caused it. With
   * caching, updates of both sides collapse between commits as usual, and the joined updates with
   * them when the result is materialized.
   */
  <VO, VR> KTable<K, VR> join(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner);

  /** {@link #join(KTable, ValueJoiner)} with the join's nodes named after {@code named}. */
  <VO, VR> KTable<K, VR> join(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named);

  /** {@link #join(KTable, ValueJoiner)} into a store of its own, queryable. */
  <VO, VR> KTable<K, VR> join(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Materialized<K, VR> materialized);

  /** {@link #join(KTable, ValueJoiner)}, named, into a store of its own. */
  <VO, VR> KTable<K, VR> join(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named,
      Materialized<K, VR> materialized);

  /**
   * Like {@link #join(KTable, ValueJoiner)}, but every row of this table has a joined row:
   * {@code joiner(thisValue, null)} while the other table has no row for the key.
   *
   * <pre>{@code
   * orders.leftJoin(shipments, (order, shipment) -> shipment == null ? "open" : "shipped")
   * orders: o1=book      shipments: -           → o1=open
   * orders: -            shipments: o1=ups      → o1=shipped  (old open)
   * orders: -            shipments: o1=null     → o1=open     (old shipped)
   * orders: o1=null      shipments: -           → o1=null     (deleted; old open)
   * }</pre>
   */
  <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner);

  /** {@link #leftJoin(KTable, ValueJoiner)} with the join's nodes named after {@code named}. */
  <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named);

  /** {@link #leftJoin(KTable, ValueJoiner)} into a store of its own, queryable. */
  <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Materialized<K, VR> materialized);

  /** {@link #leftJoin(KTable, ValueJoiner)}, named, into a store of its own. */
  <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named,
      Materialized<K, VR> materialized);

  /**
   * Like {@link #join(KTable, ValueJoiner)}, but every key present in either table has a joined
   * row, with null for the missing side (never both null).
   *
   * <pre>{@code
   * budget.outerJoin(spent, (b, s) -> (b == null ? 0 : b) - (s == null ? 0 : s))
   * budget: eng=100      spent: -            → eng=100
   * budget: -            spent: ops=30       → ops=-30
   * budget: -            spent: eng=40       → eng=60   (old 100)
   * budget: eng=null     spent: -            → eng=-40  (old 60)
   * }</pre>
   */
  <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner);

  /** {@link #outerJoin(KTable, ValueJoiner)} with the join's nodes named after {@code named}. */
  <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named);

  /** {@link #outerJoin(KTable, ValueJoiner)} into a store of its own, queryable. */
  <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Materialized<K, VR> materialized);

  /** {@link #outerJoin(KTable, ValueJoiner)}, named, into a store of its own. */
  <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, Named named,
      Materialized<K, VR> materialized);
}
