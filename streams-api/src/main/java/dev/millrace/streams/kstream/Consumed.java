package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;

/**
 * How a source reads its topic: key and value serdes (null means the application's default from
 * {@link dev.millrace.streams.StreamsConfig}) and an optional name for the source node. Immutable.
 *
 * <pre>{@code builder.stream("payments", Consumed.with(Serdes.String(), paymentSerde)) }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Consumed<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final String name;

  private Consumed(Serde<K> keySerde, Serde<V> valueSerde, String name) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.name = name;
  }

  /** Reads keys and values with these serdes; a null serde means the default. */
  public static <K, V> Consumed<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Consumed<>(keySerde, valueSerde, null);
  }

  /** Default serdes, a named source node. */
  public static <K, V> Consumed<K, V> as(String processorName) {
    return new Consumed<>(null, null, Named.as(processorName).name());
  }

  public Consumed<K, V> withKeySerde(Serde<K> serde) {
    return new Consumed<>(serde, valueSerde, name);
  }

  public Consumed<K, V> withValueSerde(Serde<V> serde) {
    return new Consumed<>(keySerde, serde, name);
  }

  public Consumed<K, V> withName(String processorName) {
    return new Consumed<>(keySerde, valueSerde, Named.as(processorName).name());
  }

  /** The key serde, or null for the default. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** The value serde, or null for the default. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** The source node's name, or null for a generated one. */
  public String name() {
    return name;
  }
}
