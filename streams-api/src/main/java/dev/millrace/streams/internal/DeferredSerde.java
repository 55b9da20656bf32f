package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;

/**
 * A serde built around another serde that may be the configured default, known only when the
 * topology is compiled against a configuration. The runtime calls {@link #resolve} before use.
 */
public interface DeferredSerde<T> extends Serde<T> {
  /**
   * This serde with missing inner serdes taken from the defaults; null if an inner serde is still
   * missing (the runtime then reports the missing serde).
   */
  Serde<T> resolve(Serde<?> defaultKeySerde, Serde<?> defaultValueSerde);
}
