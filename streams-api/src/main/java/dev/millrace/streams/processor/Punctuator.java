package dev.millrace.streams.processor;

/** A callback scheduled with {@link ProcessorContext#schedule}. */
@FunctionalInterface
public interface Punctuator {
  /** @param timestamp the stream time or wall-clock time at which it fires, in ms */
  void punctuate(long timestamp);
}
