package dev.millrace.serialization;

/**
 * Turns a value into bytes. {@code null} maps to {@code null} for every built-in serializer, so
 * that null keys and tombstone values pass through unchanged.
 *
 * @param <T> the type serialized
 */
@FunctionalInterface
public interface Serializer<T> {
  /**
   * @param topic the topic the bytes are for, for serializers that depend on it and for messages
   * @param value may be null
   * @return the bytes, or null
   * @throws SerializationException if the value cannot be serialized
   */
  byte[] serialize(String topic, T value);
}
