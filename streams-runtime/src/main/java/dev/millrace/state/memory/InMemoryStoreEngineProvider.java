package dev.millrace.state.memory;

import dev.millrace.state.StoreType;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.StoreEngineProvider;
import java.util.Map;

/** Makes {@link InMemoryStoreEngine}s; registered for {@link java.util.ServiceLoader}. */
public final class InMemoryStoreEngineProvider implements StoreEngineProvider {
  @Override
  public StoreType type() {
    return StoreType.IN_MEMORY;
  }

  /** The in-memory engine has no settings; {@code settings} is ignored. */
  @Override
  public StoreEngine create(Map<String, ?> settings) {
    return new InMemoryStoreEngine();
  }
}
