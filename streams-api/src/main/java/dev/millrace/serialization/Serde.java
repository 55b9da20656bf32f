package dev.millrace.serialization;

import java.util.Objects;

/**
 * A serializer and its matching deserializer.
 *
 * @param <T> the type handled
 */
public interface Serde<T> {
  Serializer<T> serializer();

  Deserializer<T> deserializer();

  /** A serde from a serializer and a deserializer that must invert each other. */
  static <T> Serde<T> of(Serializer<T> serializer, Deserializer<T> deserializer) {
    Objects.requireNonNull(serializer, "serializer");
    Objects.requireNonNull(deserializer, "deserializer");
    return new Serde<>() {
      @Override
      public Serializer<T> serializer() {
        return serializer;
      }

      @Override
      public Deserializer<T> deserializer() {
        return deserializer;
      }
    };
  }
}
