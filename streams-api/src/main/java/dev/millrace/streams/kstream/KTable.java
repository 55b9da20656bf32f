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
}
