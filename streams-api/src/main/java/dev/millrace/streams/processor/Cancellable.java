package dev.millrace.streams.processor;

/** Handle of a scheduled punctuation. */
@FunctionalInterface
public interface Cancellable {
  /** Stops future calls. Idempotent. */
  void cancel();
}
