package dev.millrace.streams;

import dev.millrace.streams.internal.InternalStreamsBuilder;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Starting point of the DSL: declare source streams and tables, chain operators on them, then
 * {@link #build()} an immutable {@link Topology}.
 *
 * <pre>{@code
 * StreamsBuilder builder = new StreamsBuilder();
 * builder.stream("payments", Consumed.with(Serdes.String(), Serdes.Long()))
 *     .groupByKey()
 *     .reduce(Long::sum, Materialized.as("totals"))
 *     .toStream()
 *     .to("totals-out");
 * Topology topology = builder.build();
 * }</pre>
 *
 * A builder is not thread-safe. It can be built more than once; later changes do not affect
 * topologies already built.
 */
public final class StreamsBuilder {
  private final InternalStreamsBuilder internal = new InternalStreamsBuilder();

  /** A stream of the records of {@code topic}, with default serdes. */
  public <K, V> KStream<K, V> stream(String topic) {
    return stream(List.of(topic), Consumed.with(null, null));
  }

  public <K, V> KStream<K, V> stream(String topic, Consumed<K, V> consumed) {
    return stream(List.of(topic), consumed);
  }

  public <K, V> KStream<K, V> stream(Collection<String> topics) {
    return stream(topics, Consumed.with(null, null));
  }

  /**
   * One stream of the records of several topics.
   *
   * @throws IllegalArgumentException if {@code topics} is empty or a name is invalid
   * @throws TopologyException if a topic is already a source of this topology
   */
  public <K, V> KStream<K, V> stream(Collection<String> topics, Consumed<K, V> consumed) {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(consumed, "consumed");
    return internal.stream(List.copyOf(topics), consumed);
  }

  /** A table read from {@code topic}: latest value per key, materialized in a store. */
  public <K, V> KTable<K, V> table(String topic) {
    return table(topic, Consumed.with(null, null), Materialized.with(null, null));
  }

  public <K, V> KTable<K, V> table(String topic, Consumed<K, V> consumed) {
    return table(topic, consumed, Materialized.with(null, null));
  }

  public <K, V> KTable<K, V> table(String topic, Materialized<K, V> materialized) {
    return table(topic, Consumed.with(null, null), materialized);
  }

  /**
   * A table read from {@code topic}; a record with a null value deletes its key. The store's serdes
   * default to the consumed ones.
   */
  public <K, V> KTable<K, V> table(String topic, Consumed<K, V> consumed,
      Materialized<K, V> materialized) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(consumed, "consumed");
    Objects.requireNonNull(materialized, "materialized");
    return internal.table(topic, consumed, materialized);
  }

  /**
   * Adds a key-value store for custom processors, which name it in
   * {@link KStream#process(dev.millrace.streams.processor.ProcessorSupplier, String...)}.
   *
   * @param materialized must have a store name and serdes (or rely on the default serdes)
   * @throws TopologyException if the name is missing or already used
   */
  public <K, V> StreamsBuilder addStateStore(Materialized<K, V> materialized) {
    Objects.requireNonNull(materialized, "materialized");
    internal.addStateStore(materialized);
    return this;
  }

  /**
   * The topology built so far, checked: every store a processor names exists.
   *
   * @throws TopologyException naming the processor and the missing store
   */
  public Topology build() {
    return internal.build();
  }
}
