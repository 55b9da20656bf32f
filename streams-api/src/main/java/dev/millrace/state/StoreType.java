package dev.millrace.state;

/** Where a store keeps its data. */
public enum StoreType {
  /**
   * On local disk (RocksDB, from the {@code state-rocksdb} module): bounded memory, and a clean
   * restart reuses the data instead of replaying the changelog. The default for materialized
   * aggregations when a persistent engine is on the classpath.
   */
  PERSISTENT,
  /** On the heap: fastest, bounded by heap size, rebuilt from the changelog on every start. */
  IN_MEMORY
}
