package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import java.util.List;

/**
 * Reads topics. For an internal topic, {@code topics} holds its name without the application id
 * prefix. Null serdes mean the configured defaults. With {@code changeValues}, values on the topic
 * are {@link Change}s encoded by {@link ChangeSerde} around the value serde.
 */
public record SourceDef(String name, List<String> topics, boolean internal, Serde<?> keySerde,
    Serde<?> valueSerde, boolean changeValues) implements NodeDef {
  public SourceDef {
    topics = List.copyOf(topics);
  }

  @Override
  public List<String> parents() {
    return List.of();
  }
}
