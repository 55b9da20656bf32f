package dev.millrace.state.spi;

import dev.millrace.state.StoreType;

/**
 * A storage engine: opens stores and owns what they share (for RocksDB: one block cache and one
 * write-buffer manager bounding the memory of all stores of the process). Created once per running
 * application, closed after all its stores.
 */
public interface StoreEngine extends AutoCloseable {
  /** Persistent or in-memory. */
  StoreType type();

  /**
   * Opens (creating if needed) a key-value store.
   *
   * @throws StoreCorruptedException if existing data is unreadable or not this store's; the
   *     runtime then {@link #destroy destroys} it and rebuilds from the changelog
   * @throws StoreException for any other failure, naming the directory and the cause
   */
  KeyValueBytesStore openKeyValueStore(StoreContext context);

  /**
   * Opens (creating if needed) a window store that keeps windows for {@code retention}.
   * Reopening existing data with a different segment interval is treated as corrupt data (the
   * layout differs), so the runtime rebuilds it.
   *
   * @throws StoreCorruptedException as for {@link #openKeyValueStore}
   * @throws StoreException as for {@link #openKeyValueStore}
   * @throws UnsupportedOperationException if this engine has no window stores
   */
  default WindowBytesStore openWindowStore(StoreContext context, Retention retention) {
    throw new UnsupportedOperationException(getClass().getName() + " has no window stores");
  }

  /**
   * Opens (creating if needed) a session store that keeps sessions for {@code retention}; as
   * {@link #openWindowStore}.
   *
   * @throws UnsupportedOperationException if this engine has no session stores
   */
  default SessionBytesStore openSessionStore(StoreContext context, Retention retention) {
    throw new UnsupportedOperationException(getClass().getName() + " has no session stores");
  }

  /** Deletes every trace of the store described by {@code context}; it must not be open. */
  void destroy(StoreContext context);

  /** Releases shared resources. Idempotent. */
  @Override
  void close();
}
