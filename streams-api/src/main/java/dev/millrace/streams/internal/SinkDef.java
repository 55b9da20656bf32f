package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.streams.kstream.TopicNameExtractor;
import java.util.List;

/**
 * Writes to a fixed topic ({@code topic} non-null) or to the topic an extractor picks per record.
 * For an internal (repartition) topic, {@code topic} has no application id prefix, and
 * {@code partitions} is its partition count, or 0 to derive it from the upstream sources.
 */
public record SinkDef(String name, List<String> parents, String topic,
    TopicNameExtractor<?, ?> extractor, boolean internal, Serde<?> keySerde, Serde<?> valueSerde,
    boolean changeValues, int partitions) implements NodeDef {
  public SinkDef {
    parents = List.copyOf(parents);
  }
}
