package dev.millrace.log;

/** An offset lies below the partition's beginning offset or beyond its end offset. */
public class OffsetOutOfRangeException extends LogException {
  public OffsetOutOfRangeException(String message) {
    super(message);
  }

  public OffsetOutOfRangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
