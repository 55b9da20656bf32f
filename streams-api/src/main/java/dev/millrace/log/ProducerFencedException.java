package dev.millrace.log;

/** A newer epoch of the same transactional id exists: this writer is a zombie and must stop. Every later call of the fenced writer throws this again. */
public class ProducerFencedException extends LogException {
  public ProducerFencedException(String message) {
    super(message);
  }

  public ProducerFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
