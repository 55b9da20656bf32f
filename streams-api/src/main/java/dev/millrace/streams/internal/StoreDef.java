package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.state.StoreType;

/**
 * A key-value store of the topology. Null serdes mean the configured defaults; a null store type
 * means the runtime's default.
 */
public record StoreDef(String name, Serde<?> keySerde, Serde<?> valueSerde, boolean caching,
    boolean logging, StoreType storeType) {

  /** Name of the changelog topic without the application id prefix. */
  public String changelogSuffix() {
    return name + "-changelog";
  }
}
