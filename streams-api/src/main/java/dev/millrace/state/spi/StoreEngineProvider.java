package dev.millrace.state.spi;

import dev.millrace.state.StoreType;
import java.util.Map;

/**
 * Found through {@link java.util.ServiceLoader}: makes {@link StoreEngine}s of one type. Engine
 * settings come from the application's configuration, keys prefixed by the engine (for example
 * {@code rocksdb.total.memory.bytes}).
 */
public interface StoreEngineProvider {
  /** The type of engines this provider makes. */
  StoreType type();

  /**
   * A new engine.
   *
   * @throws IllegalArgumentException naming the setting at fault
   */
  StoreEngine create(Map<String, ?> settings);
}
