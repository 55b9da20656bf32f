package dev.millrace.serialization;

/** A value could not be serialized, or bytes could not be deserialized. */
public class SerializationException extends RuntimeException {
  public SerializationException(String message) {
    super(message);
  }

  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
