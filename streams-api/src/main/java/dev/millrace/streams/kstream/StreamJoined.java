package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;
import dev.millrace.state.StoreType;
import java.util.Objects;

/**
 * How a stream-stream join keeps its state: serdes for the key and the values of both sides, the
 * name of its processors and stores, the store type and whether the stores have changelogs.
 * Immutable; every {@code with...} returns a copy.
 *
 * <p>A join buffers each side in a window store, {@code <store name>-this-join-store} and {@code
 * <store name>-other-join-store}, and keeps its stream time in {@code <store name>-join-stream-time};
 * the store name defaults to the {@link #withName name}, else a generated one. Changelogs are
 * {@code <application.id>-<store>-changelog}. Serdes not given are those known from upstream, else
 * the configured defaults.
 *
 * <pre>{@code
 * impressions.join(clicks, (i, c) -> i + "/" + c,
 *     JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(10)),
 *     StreamJoined.<String, String, String>as("ad-clicks")
 *         .withStoreType(StoreType.IN_MEMORY))
 * // stores ad-clicks-this-join-store, ad-clicks-other-join-store, ad-clicks-join-stream-time
 * }</pre>
 *
 * @param <K> the key type
 * @param <V1> this (left) stream's value type
 * @param <V2> the other (right) stream's value type
 */
public final class StreamJoined<K, V1, V2> {
  private final Serde<K> keySerde;
  private final Serde<V1> valueSerde;
  private final Serde<V2> otherValueSerde;
  private final String name;
  private final String storeName;
  private final StoreType storeType;
  private final boolean logging;

  private StreamJoined(Serde<K> keySerde, Serde<V1> valueSerde, Serde<V2> otherValueSerde,
      String name, String storeName, StoreType storeType, boolean logging) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.otherValueSerde = otherValueSerde;
    this.name = name;
    this.storeName = storeName;
    this.storeType = storeType;
    this.logging = logging;
  }

  /** A join with these serdes (null: inherit or default), generated names, logged stores. */
  public static <K, V1, V2> StreamJoined<K, V1, V2> with(Serde<K> keySerde,
      Serde<V1> valueSerde, Serde<V2> otherValueSerde) {
    return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, null, null, null, true);
  }

  /**
   * A join whose stores are named after {@code storeName}: {@code "ad-clicks"} gives stores
   * {@code ad-clicks-this-join-store} and {@code ad-clicks-other-join-store}.
   *
   * @throws IllegalArgumentException if the name breaks the topic name rules
   */
  public static <K, V1, V2> StreamJoined<K, V1, V2> as(String storeName) {
    return new StreamJoined<K, V1, V2>(null, null, null, null, null, null, true)
        .withStoreName(storeName);
  }

  /**
   * Names the join's processors {@code <name>-this-join}, {@code <name>-other-join} and {@code
   * <name>-merge}, its repartition topics (if a side needs one) {@code <application.id>-<name>-left-repartition}
   * and {@code ...-right-repartition}, and its stores too unless a store name is set.
   *
   * @throws IllegalArgumentException if the name breaks the topic name rules
   */
  public StreamJoined<K, V1, V2> withName(String name) {
    return new StreamJoined<>(keySerde, valueSerde, otherValueSerde,
        Named.as(Objects.requireNonNull(name, "name")).name(), storeName, storeType, logging);
  }

  /**
   * The base name of the join's stores; see {@link #as(String)}.
   *
   * @throws IllegalArgumentException if the name breaks the topic name rules
   */
  public StreamJoined<K, V1, V2> withStoreName(String storeName) {
    return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, name,
        Named.as(Objects.requireNonNull(storeName, "storeName")).name(), storeType, logging);
  }

  /** The serde of the join key, for both buffers and any repartition topic. */
  public StreamJoined<K, V1, V2> withKeySerde(Serde<K> serde) {
    return new StreamJoined<>(serde, valueSerde, otherValueSerde, name, storeName, storeType,
        logging);
  }

  /** The serde of this (left) stream's values. */
  public StreamJoined<K, V1, V2> withValueSerde(Serde<V1> serde) {
    return new StreamJoined<>(keySerde, serde, otherValueSerde, name, storeName, storeType,
        logging);
  }

  /** The serde of the other (right) stream's values. */
  public StreamJoined<K, V1, V2> withOtherValueSerde(Serde<V2> serde) {
    return new StreamJoined<>(keySerde, valueSerde, serde, name, storeName, storeType, logging);
  }

  /**
   * Where the stores live: {@link StoreType#PERSISTENT} (RocksDB, needs {@code state-rocksdb}) or
   * {@link StoreType#IN_MEMORY}; null for the runtime's default, as for {@link Materialized}.
   */
  public StreamJoined<K, V1, V2> withStoreType(StoreType type) {
    return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, name, storeName, type,
        logging);
  }

  /** Keep changelogs (the default), so the buffered records survive a restart. */
  public StreamJoined<K, V1, V2> withLoggingEnabled() {
    return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, name, storeName, storeType,
        true);
  }

  /**
   * No changelogs: after a restart an in-memory join starts with empty buffers, so records buffered
   * before it neither join later ones nor get their null-partner results.
   */
  public StreamJoined<K, V1, V2> withLoggingDisabled() {
    return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, name, storeName, storeType,
        false);
  }

  /** The key serde, or null to inherit it. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** This stream's value serde, or null to inherit it. */
  public Serde<V1> valueSerde() {
    return valueSerde;
  }

  /** The other stream's value serde, or null to inherit it. */
  public Serde<V2> otherValueSerde() {
    return otherValueSerde;
  }

  /** The processor name, or null for generated names. */
  public String name() {
    return name;
  }

  /** The store base name, or null to use {@link #name()} or a generated one. */
  public String storeName() {
    return storeName;
  }

  /** The store type, or null for the runtime's default. */
  public StoreType storeType() {
    return storeType;
  }

  /** Whether the stores have changelog topics. */
  public boolean loggingEnabled() {
    return logging;
  }

  @Override
  public String toString() {
    return "StreamJoined(name=" + name + ", storeName=" + storeName + ", storeType=" + storeType
        + ", logging=" + logging + ")";
  }
}
