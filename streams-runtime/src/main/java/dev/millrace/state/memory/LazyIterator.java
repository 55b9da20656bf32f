package dev.millrace.state.memory;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.streams.KeyValue;
import java.util.NoSuchElementException;

/**
 * A {@link KeyValueIterator} that computes its next entry on demand from weakly consistent map
 * views; subclasses return null from {@link #advance()} when exhausted.
 */
abstract class LazyIterator<K> implements KeyValueIterator<K, byte[]> {
  private KeyValue<K, byte[]> next;
  private boolean done;

  /** The next entry, or null when there is none. */
  protected abstract KeyValue<K, byte[]> advance();

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      next = advance();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public final KeyValue<K, byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    KeyValue<K, byte[]> out = next;
    next = null;
    return out;
  }

  @Override
  public final void close() {
    done = true;
    next = null;
  }
}
