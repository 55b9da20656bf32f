package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.streams.processor.TimestampExtractor;
import java.util.List;

/**
 * Reads topics. For an internal topic, {@code topics} holds its name without the application id
 * prefix. Null serdes mean the configured defaults. With {@code changeValues}, values on the topic
 * are {@link Change}s encoded by {@link ChangeSerde} around the value serde.
 */
public record SourceDef(String name, List<String> topics, boolean internal, Serde<?> keySerde,
    Serde<?> valueSerde, boolean changeValues, TimestampExtractor<?, ?> timestampExtractor)
    implements NodeDef {
  public SourceDef {
    topics = List.copyOf(topics);
  }

  /** A source that takes record timestamps from the log. */
  public SourceDef(String name, List<String> topics, boolean internal, Serde<?> keySerde,
      Serde<?> valueSerde, boolean changeValues) {
    this(name, topics, internal, keySerde, valueSerde, changeValues, null);
  }

  @Override
  public List<String> parents() {
    return List.of();
  }
}
