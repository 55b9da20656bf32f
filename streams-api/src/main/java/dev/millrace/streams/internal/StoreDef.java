package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.state.StoreType;

/**
 * A store of the topology. Null serdes mean the configured defaults; a null store type means the
 * runtime's default. Window and session stores have a {@code retentionMs > 0} and a key serde
 * producing {@link WindowKeyBytes} layouts.
 */
public record StoreDef(String name, Serde<?> keySerde, Serde<?> valueSerde, boolean caching,
    boolean logging, StoreType storeType, Layout layout, long retentionMs) {

  /** How the engine keeps the store. */
  public enum Layout {
    KEY_VALUE,
    WINDOW,
    SESSION
  }

  /** A key-value store. */
  public StoreDef(String name, Serde<?> keySerde, Serde<?> valueSerde, boolean caching,
      boolean logging, StoreType storeType) {
    this(name, keySerde, valueSerde, caching, logging, storeType, Layout.KEY_VALUE, 0);
  }

  /** Name of the changelog topic without the application id prefix. */
  public String changelogSuffix() {
    return name + "-changelog";
  }
}
