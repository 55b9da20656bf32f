package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;

/**
 * How a sink writes its topic: key and value serdes (null means the serdes known from upstream,
 * else the application's default) and an optional sink node name. Records are partitioned by the
 * murmur2 hash of their serialized key, null keys round-robin. Immutable.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Produced<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final String name;

  private Produced(Serde<K> keySerde, Serde<V> valueSerde, String name) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.name = name;
  }

  public static <K, V> Produced<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Produced<>(keySerde, valueSerde, null);
  }

  public static <K, V> Produced<K, V> as(String processorName) {
    return new Produced<>(null, null, Named.as(processorName).name());
  }

  public Produced<K, V> withKeySerde(Serde<K> serde) {
    return new Produced<>(serde, valueSerde, name);
  }

  public Produced<K, V> withValueSerde(Serde<V> serde) {
    return new Produced<>(keySerde, serde, name);
  }

  public Produced<K, V> withName(String processorName) {
    return new Produced<>(keySerde, valueSerde, Named.as(processorName).name());
  }

  public Serde<K> keySerde() {
    return keySerde;
  }

  public Serde<V> valueSerde() {
    return valueSerde;
  }

  public String name() {
    return name;
  }
}
