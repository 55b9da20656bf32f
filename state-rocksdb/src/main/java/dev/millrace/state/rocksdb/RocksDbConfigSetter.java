package dev.millrace.state.rocksdb;

import java.util.Map;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * A user hook that adjusts RocksDB options before each store opens. Name the implementing class
 * (public, with a public no-argument constructor) in the setting {@value
 * RocksDbStoreEngine#CONFIG_SETTER}; the engine makes one instance and calls it for every store.
 *
 * <p>The options arrive already configured with the engine's shared block cache and write-buffer
 * manager, which bound the memory of all stores together. Replacing the table format config or
 * the write-buffer manager gives up that bound. The engine owns and closes both objects; a
 * setter must close any native object it creates itself in {@link #close}.
 */
public interface RocksDbConfigSetter {
  /**
   * Adjusts the options of store {@code storeName}. {@code columnFamily} applies to every column
   * family of the store (a window or session store has one per time segment).
   *
   * @param settings the engine's settings, to read custom keys from
   */
  void configure(
      String storeName, DBOptions db, ColumnFamilyOptions columnFamily, Map<String, ?> settings);

  /** Called once the store {@code storeName} has closed; releases what {@link #configure} made. */
  default void close(String storeName) {}
}
