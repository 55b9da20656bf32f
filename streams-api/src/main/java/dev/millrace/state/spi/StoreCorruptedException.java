package dev.millrace.state.spi;

/**
 * A store's existing data cannot be used: unreadable, of an unknown format, or written by another
 * application or store. The runtime answers by wiping the store and rebuilding it from its
 * changelog.
 */
public class StoreCorruptedException extends StoreException {
  public StoreCorruptedException(String message) {
    super(message);
  }

  public StoreCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
