package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.streams.KeyValue;
import java.util.List;
import java.util.NoSuchElementException;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * Walks one or more column families (time segments, oldest first) in turn through native
 * iterators that all read one snapshot, so the result is one consistent state of the store no
 * matter what commits happen meanwhile. Methods are synchronized so that a query thread and the
 * store's {@code close()} cannot touch the native iterator at the same time; the monitor is
 * uncontended in normal use.
 */
final class RocksEntryIterator<K> implements KeyValueIterator<K, byte[]> {
  private final StoreDb owner;
  private final List<RocksIterator> cursors;
  private final ReadOptions readOptions;
  private final Snapshot snapshot;
  private final Scan<K> scan;
  private int index;
  private boolean positioned;
  private KeyValue<K, byte[]> next;
  private boolean closed;
  private boolean closedByStore;

  RocksEntryIterator(StoreDb owner, List<RocksIterator> cursors, ReadOptions readOptions,
      Snapshot snapshot, Scan<K> scan) {
    this.owner = owner;
    this.cursors = cursors;
    this.readOptions = readOptions;
    this.snapshot = snapshot;
    this.scan = scan;
  }

  @Override
  public synchronized boolean hasNext() {
    if (closed) {
      if (closedByStore) {
        throw new IllegalStateException("iterator of store '" + owner.name() + "' was closed with the store");
      }
      return false;
    }
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public synchronized KeyValue<K, byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    KeyValue<K, byte[]> out = next;
    next = null;
    return out;
  }

  @SuppressWarnings("unchecked")
  private KeyValue<K, byte[]> advance() {
    while (index < cursors.size()) {
      RocksIterator it = cursors.get(index);
      if (positioned) {
        it.next();
      } else {
        scan.seek(it);
        positioned = true;
      }
      if (!it.isValid()) {
        checkStatus(it);
        index++;
        positioned = false;
        continue;
      }
      Object decoded = scan.decode(it.key());
      if (decoded == Scan.STOP) {
        index++;
        positioned = false;
      } else if (decoded != Scan.SKIP) {
        return KeyValue.pair((K) decoded, it.value());
      }
    }
    return null;
  }

  private void checkStatus(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "iteration", owner.name(), owner.directory());
    }
  }

  @Override
  public void close() {
    if (release(false)) {
      owner.forget(this);
    }
  }

  /** Closes the native iterators; true if this call did it. */
  synchronized boolean release(boolean byStore) {
    if (closed) {
      return false;
    }
    closed = true;
    closedByStore = byStore;
    next = null;
    for (RocksIterator it : cursors) {
      it.close();
    }
    if (snapshot != null) {
      owner.releaseSnapshot(snapshot);
    }
    if (readOptions != null) {
      readOptions.close();
    }
    return true;
  }
}
