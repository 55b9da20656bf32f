package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;

/**
 * How records are grouped: the serdes of the grouping key and value, needed when grouping changes
 * the key and records travel through a repartition topic, and the name of that topic
 * ({@code <application.id>-<name>-repartition}; by default the name of the aggregation's store).
 * Immutable.
 *
 * @param <K> the grouping key type
 * @param <V> the value type
 */
public final class Grouped<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final String name;

  private Grouped(Serde<K> keySerde, Serde<V> valueSerde, String name) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.name = name;
  }

  public static <K, V> Grouped<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Grouped<>(keySerde, valueSerde, null);
  }

  /** Names the grouping, and with it the repartition topic. */
  public static <K, V> Grouped<K, V> as(String name) {
    return new Grouped<>(null, null, Named.as(name).name());
  }

  public Grouped<K, V> withKeySerde(Serde<K> serde) {
    return new Grouped<>(serde, valueSerde, name);
  }

  public Grouped<K, V> withValueSerde(Serde<V> serde) {
    return new Grouped<>(keySerde, serde, name);
  }

  public Grouped<K, V> withName(String name) {
    return new Grouped<>(keySerde, valueSerde, Named.as(name).name());
  }

  public Serde<K> keySerde() {
    return keySerde;
  }

  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** The grouping's name, or null. */
  public String name() {
    return name;
  }
}
