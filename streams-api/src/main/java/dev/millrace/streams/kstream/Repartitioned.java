package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;

/**
 * How {@link KStream#repartition(Repartitioned)} writes its internal topic
 * {@code <application.id>-<name>-repartition}: serdes, name, and partition count (by default the
 * largest partition count among the upstream source topics; but if the records then meet input
 * topics in a stateful sub-topology, e.g. a table's in a join, the largest count among those, so
 * that they are co-partitioned). Immutable.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Repartitioned<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final String name;
  private final int partitions;

  private Repartitioned(Serde<K> keySerde, Serde<V> valueSerde, String name, int partitions) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.name = name;
    this.partitions = partitions;
  }

  public static <K, V> Repartitioned<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Repartitioned<>(keySerde, valueSerde, null, 0);
  }

  public static <K, V> Repartitioned<K, V> as(String name) {
    return new Repartitioned<>(null, null, Named.as(name).name(), 0);
  }

  /** @throws IllegalArgumentException if {@code partitions < 1} */
  public static <K, V> Repartitioned<K, V> numberOfPartitions(int partitions) {
    return new Repartitioned<K, V>(null, null, null, 0).withNumberOfPartitions(partitions);
  }

  public Repartitioned<K, V> withKeySerde(Serde<K> serde) {
    return new Repartitioned<>(serde, valueSerde, name, partitions);
  }

  public Repartitioned<K, V> withValueSerde(Serde<V> serde) {
    return new Repartitioned<>(keySerde, serde, name, partitions);
  }

  public Repartitioned<K, V> withName(String name) {
    return new Repartitioned<>(keySerde, valueSerde, Named.as(name).name(), partitions);
  }

  /** @throws IllegalArgumentException if {@code partitions < 1} */
  public Repartitioned<K, V> withNumberOfPartitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "number of partitions of a repartition topic must be >= 1, got " + partitions);
    }
    return new Repartitioned<>(keySerde, valueSerde, name, partitions);
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

  /** The partition count, or 0 to derive it from the upstream source topics. */
  public int numberOfPartitions() {
    return partitions;
  }
}
