package dev.millrace.state.memory;

import dev.millrace.state.spi.KeyValueBytesStore;

/**
 * What every in-memory store has: a name, the checkpoint of its last commit, and an open flag, so
 * that use after {@link #close()} fails loudly instead of reading the emptied maps.
 */
abstract class InMemoryStore {
  private final String name;
  private volatile long checkpoint = KeyValueBytesStore.NO_CHECKPOINT;
  private volatile boolean open = true;

  InMemoryStore(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public boolean persistent() {
    return false;
  }

  public long checkpoint() {
    return checkpoint;
  }

  final void checkOpen() {
    if (!open) {
      throw new IllegalStateException("in-memory store " + name + " is closed");
    }
  }

  /** Checks a commit's arguments and the store's state before anything is applied. */
  final void checkCommit(long checkpoint) {
    if (checkpoint < 0) {
      throw new IllegalArgumentException(
          "checkpoint must be >= 0, got " + checkpoint + " for store " + name);
    }
    checkOpen();
  }

  /** Records the checkpoint of a commit whose writes are all applied. */
  final void committed(long checkpoint) {
    this.checkpoint = checkpoint;
  }

  /** Drops all data; the store stays closed. */
  abstract void clear();

  public final void close() {
    open = false;
    clear();
  }
}
