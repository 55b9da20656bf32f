package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;
import dev.millrace.streams.processor.TimestampExtractor;

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
  private final TimestampExtractor<? super K, ? super V> timestampExtractor;

  private Consumed(Serde<K> keySerde, Serde<V> valueSerde, String name,
      TimestampExtractor<? super K, ? super V> timestampExtractor) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.name = name;
    this.timestampExtractor = timestampExtractor;
  }

  /** Reads keys and values with these serdes; a null serde means the default. */
  public static <K, V> Consumed<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Consumed<>(keySerde, valueSerde, null, null);
  }

  /** Default serdes, a named source node. */
  public static <K, V> Consumed<K, V> as(String processorName) {
    return new Consumed<>(null, null, Named.as(processorName).name(), null);
  }

  public Consumed<K, V> withKeySerde(Serde<K> serde) {
    return new Consumed<>(serde, valueSerde, name, timestampExtractor);
  }

  public Consumed<K, V> withValueSerde(Serde<V> serde) {
    return new Consumed<>(keySerde, serde, name, timestampExtractor);
  }

  public Consumed<K, V> withName(String processorName) {
    return new Consumed<>(keySerde, valueSerde, Named.as(processorName).name(),
        timestampExtractor);
  }

  /** The key serde, or null for the default. */
  /**
   * Takes record timestamps from {@code extractor} instead of the log (the default). Records
   * across the task's partitions are still interleaved by their log timestamps.
   */
  public Consumed<K, V> withTimestampExtractor(
      TimestampExtractor<? super K, ? super V> extractor) {
    return new Consumed<>(keySerde, valueSerde, name,
        java.util.Objects.requireNonNull(extractor, "extractor"));
  }

  /** The timestamp extractor, or null to use the log's record timestamps. */
  public TimestampExtractor<? super K, ? super V> timestampExtractor() {
    return timestampExtractor;
  }

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
