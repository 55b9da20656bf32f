package dev.millrace.log;

/** A transactional call came in the wrong state: begin while a transaction is open, append or commit with none open, or use after close. */
public class InvalidTransactionStateException extends LogException {
  public InvalidTransactionStateException(String message) {
    super(message);
  }

  public InvalidTransactionStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
