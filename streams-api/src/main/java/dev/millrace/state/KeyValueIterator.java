package dev.millrace.state;

import dev.millrace.streams.KeyValue;
import java.util.Iterator;

/**
 * An iterator over store entries in key order that holds resources (a RocksDB iterator, a
 * snapshot) until closed: always use it in try-with-resources.
 */
public interface KeyValueIterator<K, V> extends Iterator<KeyValue<K, V>>, AutoCloseable {
  /** Releases the iterator's resources. Idempotent. */
  @Override
  void close();
}
