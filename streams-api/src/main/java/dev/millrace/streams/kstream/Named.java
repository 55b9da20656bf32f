package dev.millrace.streams.kstream;

import dev.millrace.log.TopicNames;
import java.util.Objects;

/**
 * A name for a processor node, shown by {@link dev.millrace.streams.Topology#describe()}. Names
 * may end up in internal topic names, so they follow the topic name rules
 * ({@link TopicNames#validate}).
 */
public final class Named {
  private final String name;

  private Named(String name) {
    this.name = name;
  }

  /**
   * @throws IllegalArgumentException if {@code name} breaks the topic name rules
   */
  public static Named as(String name) {
    TopicNames.validate(Objects.requireNonNull(name, "name"));
    return new Named(name);
  }

  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Named that && name.equals(that.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "Named(" + name + ")";
  }
}
