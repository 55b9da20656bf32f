package dev.millrace.log;

/** The log, or the writer, was closed. */
public class LogClosedException extends LogException {
  public LogClosedException(String message) {
    super(message);
  }

  public LogClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
