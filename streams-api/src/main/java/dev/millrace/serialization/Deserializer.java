package dev.millrace.serialization;

/**
 * Turns bytes back into a value. {@code null} bytes map to {@code null} for every built-in.
 *
 * @param <T> the type deserialized
 */
@FunctionalInterface
public interface Deserializer<T> {
  /**
   * @param topic the topic the bytes came from, for messages
   * @param bytes may be null
   * @return the value, or null
   * @throws SerializationException if the bytes are not a valid encoding
   */
  T deserialize(String topic, byte[] bytes);
}
