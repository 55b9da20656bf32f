package dev.millrace.clients;

/**
 * A sent record was never appended because its transaction was aborted (or the producer closed)
 * while the record was still buffered. Completes the record's future.
 */
public class TransactionAbortedException extends RuntimeException {
  public TransactionAbortedException(String message) {
    super(message);
  }
}
