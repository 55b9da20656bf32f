package dev.millrace.log;

/**
 * Base of every failure a {@link Log} reports about its own state or contents (as opposed to a
 * caller's bad argument, which is an {@link IllegalArgumentException} or
 * {@link NullPointerException}). Messages name the topic, partition, offset, transactional id or
 * file concerned.
 */
public class LogException extends RuntimeException {
  public LogException(String message) {
    super(message);
  }

  public LogException(String message, Throwable cause) {
    super(message, cause);
  }
}
