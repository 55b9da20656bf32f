package dev.millrace.clients;

/**
 * The thread was interrupted while a client waited. The thread's interrupt flag is still set.
 * Unchecked, like Kafka's, so that a poll loop can stop without checked-exception plumbing.
 */
public class InterruptException extends RuntimeException {
  public InterruptException(String message) {
    super(message);
  }
}
