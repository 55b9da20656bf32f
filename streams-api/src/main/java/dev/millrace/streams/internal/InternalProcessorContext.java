package dev.millrace.streams.internal;

import dev.millrace.streams.processor.ProcessorContext;

/** What the runtime's contexts offer the DSL's operators beyond the public context. */
public interface InternalProcessorContext<K, V> extends ProcessorContext<K, V> {
  /** Counts the current record as skipped (e.g. a null key in an aggregation) and logs why. */
  void recordSkipped(String reason);
}
