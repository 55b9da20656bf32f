package dev.millrace.log;

import java.util.Objects;

/**
 * What a log knows about one topic.
 *
 * @param name the topic name
 * @param config the topic's layout and cleanup settings
 */
public record TopicDescription(String name, TopicConfig config) {
  public TopicDescription {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
  }

  /** Number of partitions, shorthand for {@code config().partitions()}. */
  public int partitions() {
    return config.partitions();
  }
}
