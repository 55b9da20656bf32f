package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;

/**
 * How a stream is joined with a table ({@link KStream#join(KTable, ValueJoiner, Joined)}): the
 * serdes of the stream's key and value, used when the stream's key was changed upstream and its
 * records travel through the repartition topic {@code <application.id>-<name>-repartition}
 * before the join, and the name of the join node (and so of that topic). The table is never
 * repartitioned, so its value serde is not needed by stream-table joins; it is kept for
 * symmetry with Kafka Streams. Null serdes mean the serdes known from upstream, else the
 * defaults. Immutable.
 *
 * <pre>{@code
 * orders.selectKey((id, order) -> order.customerId())
 *     .join(customers, Order::withCustomer,
 *         Joined.with(Serdes.String(), orderSerde, customerSerde).withName("order-customer"))
 * // repartition topic: <application.id>-order-customer-repartition
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the stream's value type
 * @param <VT> the table's value type
 */
public final class Joined<K, V, VT> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final Serde<VT> otherValueSerde;
  private final String name;

  private Joined(Serde<K> keySerde, Serde<V> valueSerde, Serde<VT> otherValueSerde,
      String name) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.otherValueSerde = otherValueSerde;
    this.name = name;
  }

  /** The key serde, the stream's value serde and the table's value serde; any may be null. */
  public static <K, V, VT> Joined<K, V, VT> with(Serde<K> keySerde, Serde<V> valueSerde,
      Serde<VT> otherValueSerde) {
    return new Joined<>(keySerde, valueSerde, otherValueSerde, null);
  }

  /**
   * A named join: the join node is called {@code name}, its repartition topic (if any)
   * {@code <application.id>-<name>-repartition}.
   *
   * @throws IllegalArgumentException if {@code name} breaks the topic name rules
   */
  public static <K, V, VT> Joined<K, V, VT> as(String name) {
    return new Joined<>(null, null, null, Named.as(name).name());
  }

  public Joined<K, V, VT> withKeySerde(Serde<K> serde) {
    return new Joined<>(serde, valueSerde, otherValueSerde, name);
  }

  public Joined<K, V, VT> withValueSerde(Serde<V> serde) {
    return new Joined<>(keySerde, serde, otherValueSerde, name);
  }

  public Joined<K, V, VT> withOtherValueSerde(Serde<VT> serde) {
    return new Joined<>(keySerde, valueSerde, serde, name);
  }

  /** @throws IllegalArgumentException if {@code name} breaks the topic name rules */
  public Joined<K, V, VT> withName(String name) {
    return new Joined<>(keySerde, valueSerde, otherValueSerde, Named.as(name).name());
  }

  /** The key serde, or null. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** The stream's value serde, or null. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** The table's value serde, or null. */
  public Serde<VT> otherValueSerde() {
    return otherValueSerde;
  }

  /** The join's name, or null for a generated one. */
  public String name() {
    return name;
  }
}
