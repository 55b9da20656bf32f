package dev.millrace.state.rocksdb;

import dev.millrace.state.StoreType;
import dev.millrace.state.rocksdb.internal.EngineSettings;
import dev.millrace.state.rocksdb.internal.RocksKeyValueStore;
import dev.millrace.state.rocksdb.internal.RocksSessionStore;
import dev.millrace.state.rocksdb.internal.RocksWindowStore;
import dev.millrace.state.rocksdb.internal.SharedMemory;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.SessionBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreException;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.WindowBytesStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.rocksdb.RocksDB;

/**
 * The RocksDB storage engine: every store is its own RocksDB instance in the store's directory,
 * and all stores of one engine share one memory budget (block cache and memtables), set by
 * {@value #TOTAL_MEMORY_BYTES}.
 *
 * <p>Settings (all optional):
 * <ul>
 *   <li>{@value #TOTAL_MEMORY_BYTES}: bytes of block cache, index/filter blocks and memtables of
 *       all stores together; default 64 MiB.
 *   <li>{@value #WRITE_BUFFER_RATIO}: part of that budget memtables may fill before RocksDB forces
 *       flushes; default 0.25.
 *   <li>{@value #CONFIG_SETTER}: class name of a {@link RocksDbConfigSetter}.
 *   <li>{@value #SYNC_COMMITS}: fsync the write-ahead log on every commit; default false (a
 *       process crash loses nothing, a machine crash may lose the latest commits, never part of
 *       one; the changelog restores them).
 * </ul>
 * Unknown {@code rocksdb.*} keys are rejected so that typos do not pass silently.
 */
public final class RocksDbStoreEngine implements StoreEngine {
  public static final String TOTAL_MEMORY_BYTES = "rocksdb.total.memory.bytes";
  public static final String WRITE_BUFFER_RATIO = "rocksdb.write.buffer.ratio";
  public static final String CONFIG_SETTER = "rocksdb.config.setter";
  public static final String SYNC_COMMITS = "rocksdb.sync.commits";

  static {
    RocksDB.loadLibrary();
  }

  private final EngineSettings settings;
  private final SharedMemory memory;
  private volatile boolean closed;

  private RocksDbStoreEngine(EngineSettings settings) {
    this.settings = settings;
    this.memory = new SharedMemory(settings);
  }

  /**
   * A new engine.
   *
   * @throws IllegalArgumentException naming a setting that is unknown or invalid
   */
  public static RocksDbStoreEngine create(Map<String, ?> settings) {
    return new RocksDbStoreEngine(EngineSettings.parse(settings));
  }

  /** A new engine with the default settings. */
  public static RocksDbStoreEngine create() {
    return create(Map.of());
  }

  @Override
  public StoreType type() {
    return StoreType.PERSISTENT;
  }

  @Override
  public KeyValueBytesStore openKeyValueStore(StoreContext context) {
    ensureOpen();
    return RocksKeyValueStore.open(context, settings, memory);
  }

  @Override
  public WindowBytesStore openWindowStore(StoreContext context, Retention retention) {
    Objects.requireNonNull(retention, "retention");
    ensureOpen();
    return RocksWindowStore.open(context, retention, settings, memory);
  }

  @Override
  public SessionBytesStore openSessionStore(StoreContext context, Retention retention) {
    Objects.requireNonNull(retention, "retention");
    ensureOpen();
    return RocksSessionStore.open(context, retention, settings, memory);
  }

  /** Deletes the store's directory with everything in it. */
  @Override
  public void destroy(StoreContext context) {
    Path dir = context.directory();
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new StoreException("cannot delete store '" + context.storeName() + "' directory " + dir
          + ": " + e, e);
    }
  }

  /** Bytes of the shared cache in use now, memtable reservations included: for metrics. */
  public long memoryUsage() {
    return memory.cacheUsage();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("RocksDB store engine is closed");
    }
  }

  /** Frees the shared cache and write-buffer manager; close every store first. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      memory.close();
    }
  }
}
