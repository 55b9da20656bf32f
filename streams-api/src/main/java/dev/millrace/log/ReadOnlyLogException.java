package dev.millrace.log;

/** A write was attempted on a log opened read-only. */
public class ReadOnlyLogException extends LogException {
  public ReadOnlyLogException(String message) {
    super(message);
  }

  public ReadOnlyLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
