package dev.millrace.state.memory;

import dev.millrace.state.StoreType;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.SessionBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.WindowBytesStore;
import java.util.Objects;

/**
 * Stores on the Java heap. Nothing survives {@link KeyValueBytesStore#close()}: every open starts
 * empty with no checkpoint, and the runtime restores the store from its changelog. Stores ignore
 * {@link StoreContext#directory()}.
 */
public final class InMemoryStoreEngine implements StoreEngine {
  @Override
  public StoreType type() {
    return StoreType.IN_MEMORY;
  }

  @Override
  public KeyValueBytesStore openKeyValueStore(StoreContext context) {
    return new InMemoryKeyValueStore(context.storeName());
  }

  @Override
  public WindowBytesStore openWindowStore(StoreContext context, Retention retention) {
    Objects.requireNonNull(retention, "retention");
    return new InMemoryWindowStore(context.storeName(), retention);
  }

  @Override
  public SessionBytesStore openSessionStore(StoreContext context, Retention retention) {
    Objects.requireNonNull(retention, "retention");
    return new InMemorySessionStore(context.storeName(), retention);
  }

  /** Nothing to delete: an in-memory store's data is gone once it is closed. */
  @Override
  public void destroy(StoreContext context) {
    Objects.requireNonNull(context, "context");
  }

  @Override
  public void close() {}
}
