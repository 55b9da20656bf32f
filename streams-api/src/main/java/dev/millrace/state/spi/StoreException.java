package dev.millrace.state.spi;

/** A store failed; the message names the store, its directory and the cause. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
