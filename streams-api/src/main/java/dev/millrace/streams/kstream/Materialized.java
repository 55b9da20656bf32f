package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;
import dev.millrace.state.StoreType;
import java.time.Duration;

/**
 * How a KTable or aggregation keeps its state store: the store's name (queryable and used for its
 * changelog topic {@code <application.id>-<name>-changelog}), serdes, whether a write-back cache
 * collapses updates between commits (on by default: downstream then sees one update per key per
 * commit), whether a changelog is kept (on by default; without it, an in-memory store starts empty
 * after a restart), and the store type (by default {@link StoreType#PERSISTENT} if a persistent
 * engine is on the classpath, else {@link StoreType#IN_MEMORY}). Immutable.
 *
 * <pre>{@code
 * grouped.count(Materialized.<String, Long>as("counts").withStoreType(StoreType.IN_MEMORY))
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Materialized<K, V> {
  private final String storeName;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final boolean caching;
  private final boolean logging;
  private final StoreType storeType;
  private final Duration retention;

  private Materialized(String storeName, Serde<K> keySerde, Serde<V> valueSerde, boolean caching,
      boolean logging, StoreType storeType, Duration retention) {
    this.storeName = storeName;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.caching = caching;
    this.logging = logging;
    this.storeType = storeType;
    this.retention = retention;
  }

  /**
   * A store of this name.
   *
   * @throws IllegalArgumentException if the name breaks the topic name rules (it is part of the
   *     changelog topic's name)
   */
  public static <K, V> Materialized<K, V> as(String storeName) {
    return new Materialized<>(Named.as(storeName).name(), null, null, true, true, null,
        null);
  }

  /** A store of the given type with a generated name. */
  public static <K, V> Materialized<K, V> as(StoreType storeType) {
    return new Materialized<K, V>(null, null, null, true, true, null, null)
        .withStoreType(storeType);
  }

  /** A store with these serdes and a generated name. */
  public static <K, V> Materialized<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Materialized<>(null, keySerde, valueSerde, true, true, null, null);
  }

  public Materialized<K, V> withKeySerde(Serde<K> serde) {
    return new Materialized<>(storeName, serde, valueSerde, caching, logging, storeType, retention);
  }

  public Materialized<K, V> withValueSerde(Serde<V> serde) {
    return new Materialized<>(storeName, keySerde, serde, caching, logging, storeType, retention);
  }

  public Materialized<K, V> withCachingEnabled() {
    return new Materialized<>(storeName, keySerde, valueSerde, true, logging, storeType, retention);
  }

  /** Every update goes to the changelog and downstream at once, uncollapsed. */
  public Materialized<K, V> withCachingDisabled() {
    return new Materialized<>(storeName, keySerde, valueSerde, false, logging, storeType,
        retention);
  }

  public Materialized<K, V> withLoggingEnabled() {
    return new Materialized<>(storeName, keySerde, valueSerde, caching, true, storeType, retention);
  }

  /** No changelog topic: the store is not restored after a restart unless it is persistent. */
  public Materialized<K, V> withLoggingDisabled() {
    return new Materialized<>(storeName, keySerde, valueSerde, caching, false, storeType,
        retention);
  }

  public Materialized<K, V> withStoreType(StoreType type) {
    if (type == null) {
      throw new NullPointerException("storeType");
    }
    return new Materialized<>(storeName, keySerde, valueSerde, caching, logging, type, retention);
  }

  /** The store's name, or null for a generated one. */
  public String storeName() {
    return storeName;
  }

  /** The key serde, or null to inherit it from upstream or the default. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** The value serde, or null to inherit it from upstream or the default. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  public boolean cachingEnabled() {
    return caching;
  }

  public boolean loggingEnabled() {
    return logging;
  }

  /** The store type, or null for the runtime's default. */
  /**
   * Keeps the windows of a windowed aggregation for {@code retention} behind stream time (so they
   * stay queryable after they close); must be at least window size plus grace (for sessions: gap
   * plus grace). Default: the larger of that and one day. Expired windows are removed a whole time
   * segment at a time. Ignored by non-windowed stores.
   */
  public Materialized<K, V> withRetention(Duration retention) {
    if (retention == null || retention.toMillis() <= 0) {
      throw new IllegalArgumentException("retention must be > 0, got " + retention);
    }
    return new Materialized<>(storeName, keySerde, valueSerde, caching, logging, storeType,
        retention);
  }

  /** The retention set with {@link #withRetention}, or null for the default. */
  public Duration retention() {
    return retention;
  }

  public StoreType storeType() {
    return storeType;
  }
}
