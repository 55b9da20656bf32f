package dev.millrace.state.rocksdb.internal;

import org.rocksdb.RocksIterator;

/**
 * What a {@link RocksEntryIterator} reads from each column family it walks: where to start, and
 * for each raw key whether to return it (decoded), skip it, or stop reading that column family.
 */
abstract class Scan<K> {
  static final Object SKIP = new Object();
  static final Object STOP = new Object();

  /** Positions a fresh iterator at the first candidate entry. */
  abstract void seek(RocksIterator iterator);

  /** The decoded key of {@code rawKey}, or {@link #SKIP} or {@link #STOP}. */
  abstract Object decode(byte[] rawKey);
}
