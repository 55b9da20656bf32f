package dev.millrace.runtime;

/**
 * A stream thread failed: a record the error handler said to fail on, a store or log failure, or
 * a bug in a processor. The message names the task and, where there is one, the input record's
 * topic, partition and offset.
 */
public class StreamsException extends RuntimeException {
  public StreamsException(String message) {
    super(message);
  }

  public StreamsException(String message, Throwable cause) {
    super(message, cause);
  }
}
