package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.rocksdb.RocksDbConfigSetter;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreCorruptedException;
import dev.millrace.state.spi.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store's RocksDB instance and every native object it owns. Layout of the store directory:
 * <pre>
 * &lt;store dir&gt;/millrace-store.properties   marker, see {@link StoreMetadata}
 * &lt;store dir&gt;/rocksdb/                      the database
 *     column family "default"         key-value data (unused by segmented stores)
 *     column family "millrace-meta"   "checkpoint" -&gt; 8-byte big-endian changelog offset,
 *                                     "stream-time" -&gt; 8-byte big-endian (segmented stores)
 *     column families "seg-&lt;id&gt;"       one per time segment (window and session stores)
 * </pre>
 * A commit is one {@link WriteBatch} holding data and metadata, written with the write-ahead log
 * on; RocksDB applies a batch atomically across column families and recovers the WAL with
 * point-in-time recovery, so after a crash the store holds exactly some prefix of its commits.
 *
 * <p>Reads and iterator creation hold a read lock; {@link #close()} and dropping a column family
 * hold the write lock, so no native call can see a freed handle.
 */
final class StoreDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreDb.class);

  static final String DB_DIR = "rocksdb";
  private static final byte[] META_CF = "millrace-meta".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHECKPOINT_KEY = "checkpoint".getBytes(StandardCharsets.UTF_8);
  private static final byte[] STREAM_TIME_KEY = "stream-time".getBytes(StandardCharsets.UTF_8);

  /** Memtable size per column family; the shared write-buffer manager bounds the total. */
  private static final long WRITE_BUFFER_BYTES = 8L << 20;
  private static final int MAX_WRITE_BUFFERS = 3;
  private static final long RESTORE_WRITE_BUFFER_BYTES = 64L << 20;
  private static final long BLOCK_SIZE = 8L << 10;

  private final String name;
  private final Path directory;
  private final EngineSettings settings;
  private final long restoreWriteBufferBytes;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle defaultHandle;
  private final ColumnFamilyHandle metaHandle;
  private final Map<String, ColumnFamilyHandle> foundAtOpen;
  /** Every handle besides default and meta that is still alive, to close with the store. */
  private final Set<ColumnFamilyHandle> otherHandles = ConcurrentHashMap.newKeySet();
  // StampedLock: a read is one CAS, no per-thread hold count as in ReentrantReadWriteLock.
  // Not reentrant: no method holding it calls another that takes it.
  private final StampedLock lock = new StampedLock();
  private final Set<RocksEntryIterator<?>> openIterators = ConcurrentHashMap.newKeySet();
  private final List<ColumnFamilyHandle> dataHandlesInRestore = new ArrayList<>();
  private volatile boolean closed;
  private boolean restoring;

  private StoreDb(String name, Path directory, EngineSettings settings, long restoreWriteBufferBytes,
      DBOptions dbOptions, ColumnFamilyOptions cfOptions, WriteOptions writeOptions, RocksDB db,
      List<ColumnFamilyHandle> handles, List<String> handleNames) {
    this.name = name;
    this.directory = directory;
    this.settings = settings;
    this.restoreWriteBufferBytes = restoreWriteBufferBytes;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.writeOptions = writeOptions;
    this.db = db;
    this.defaultHandle = handles.get(0);
    this.metaHandle = handles.get(1);
    Map<String, ColumnFamilyHandle> found = new LinkedHashMap<>();
    for (int i = 2; i < handles.size(); i++) {
      found.put(handleNames.get(i), handles.get(i));
      otherHandles.add(handles.get(i));
    }
    this.foundAtOpen = Collections.unmodifiableMap(found);
  }

  /**
   * Opens the store in {@code context.directory()}, creating it if empty.
   *
   * @throws StoreCorruptedException if the marker or the database does not fit {@code expected}
   * @throws StoreException if the directory is unusable or locked
   */
  static StoreDb open(StoreContext context, StoreMetadata expected, EngineSettings settings,
      SharedMemory memory) {
    Path dir = context.directory();
    Path dbDir = dir.resolve(DB_DIR);
    prepareDirectory(context.storeName(), dir, dbDir, expected);

    DBOptions dbOptions = null;
    ColumnFamilyOptions cfOptions = null;
    WriteOptions writeOptions = null;
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      dbOptions = new DBOptions()
          .setCreateIfMissing(true)
          .setCreateMissingColumnFamilies(true)
          .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
          .setWriteBufferManager(memory.writeBufferManager())
          .setMaxBackgroundJobs(2)
          .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
          .setKeepLogFileNum(2)
          .setStatsDumpPeriodSec(0);
      cfOptions = new ColumnFamilyOptions()
          .setTableFormatConfig(new BlockBasedTableConfig()
              .setBlockCache(memory.cache())
              .setCacheIndexAndFilterBlocks(true)
              .setCacheIndexAndFilterBlocksWithHighPriority(true)
              .setPinL0FilterAndIndexBlocksInCache(true)
              .setFilterPolicy(memory.bloomFilter())
              .setBlockSize(BLOCK_SIZE))
          .setWriteBufferSize(Math.min(WRITE_BUFFER_BYTES, memory.writeBufferBytes() / 2))
          .setMaxWriteBufferNumber(MAX_WRITE_BUFFERS)
          .setCompressionType(CompressionType.LZ4_COMPRESSION);
      RocksDbConfigSetter setter = settings.configSetter();
      if (setter != null) {
        setter.configure(context.storeName(), dbOptions, cfOptions, settings.raw());
      }
      writeOptions = new WriteOptions().setSync(settings.syncCommits());

      List<String> names = existingColumnFamilies(context.storeName(), dbDir, dbOptions);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String cf : names) {
        descriptors.add(new ColumnFamilyDescriptor(cf.getBytes(StandardCharsets.UTF_8), cfOptions));
      }
      RocksDB db;
      try {
        db = RocksDB.open(dbOptions, dbDir.toString(), descriptors, handles);
      } catch (RocksDBException e) {
        throw RocksErrors.onOpen(e, context.storeName(), dbDir);
      }
      long restoreBuffer = Math.min(RESTORE_WRITE_BUFFER_BYTES, memory.writeBufferBytes());
      return new StoreDb(context.storeName(), dir, settings, restoreBuffer, dbOptions, cfOptions,
          writeOptions, db, handles, names);
    } catch (RuntimeException e) {
      handles.forEach(ColumnFamilyHandle::close);
      closeAll(writeOptions, cfOptions, dbOptions);
      if (settings.configSetter() != null) {
        settings.configSetter().close(context.storeName());
      }
      throw e;
    }
  }

  private static void prepareDirectory(String store, Path dir, Path dbDir, StoreMetadata expected) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("store '" + store + "': cannot create directory " + dir + ": " + e, e);
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException("store '" + store + "': directory " + dir + " is not writable");
    }
    StoreMetadata found = StoreMetadata.read(dir);
    if (found != null) {
      expected.requireSameStore(found, dir);
      return;
    }
    if (isNonEmptyDirectory(dbDir)) {
      throw new StoreCorruptedException("store '" + store + "': " + dbDir
          + " holds data but " + dir.resolve(StoreMetadata.FILE_NAME) + " is missing");
    }
    expected.write(dir);
  }

  private static boolean isNonEmptyDirectory(Path p) {
    if (!Files.isDirectory(p)) {
      return Files.exists(p);
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isPresent();
    } catch (IOException e) {
      return true;
    }
  }

  /** "default" and "millrace-meta" first, then whatever else exists, in the order RocksDB lists them. */
  private static List<String> existingColumnFamilies(String store, Path dbDir, DBOptions dbOptions) {
    List<String> names = new ArrayList<>(List.of("default", new String(META_CF, StandardCharsets.UTF_8)));
    if (!Files.exists(dbDir.resolve("CURRENT"))) {
      return names;
    }
    try (ColumnFamilyOptions cf = new ColumnFamilyOptions();
        Options options = new Options(dbOptions, cf)) {
      for (byte[] family : RocksDB.listColumnFamilies(options, dbDir.toString())) {
        String n = new String(family, StandardCharsets.UTF_8);
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    } catch (RocksDBException e) {
      throw RocksErrors.onOpen(e, store, dbDir);
    }
    return names;
  }

  String name() {
    return name;
  }

  Path directory() {
    return directory;
  }

  ColumnFamilyHandle defaultColumnFamily() {
    return defaultHandle;
  }

  /** Column families other than default and meta, by name, as found at open. */
  Map<String, ColumnFamilyHandle> otherColumnFamilies() {
    return foundAtOpen;
  }

  long readCheckpoint() {
    return readMetaLong(CHECKPOINT_KEY, KeyValueBytesStore.NO_CHECKPOINT);
  }

  long readStreamTime(long absent) {
    return readMetaLong(STREAM_TIME_KEY, absent);
  }

  private long readMetaLong(byte[] key, long absent) {
    byte[] v = get(metaHandle, key);
    if (v == null) {
      return absent;
    }
    if (v.length != Long.BYTES) {
      throw new StoreCorruptedException("store '" + name + "' in " + directory + ": metadata key "
          + new String(key, StandardCharsets.UTF_8) + " has " + v.length + " bytes, expected 8");
    }
    return KeyCodec.longFromBytes(v);
  }

  void putCheckpoint(WriteBatch batch, long checkpoint) throws RocksDBException {
    batch.put(metaHandle, CHECKPOINT_KEY, KeyCodec.longBytes(checkpoint));
  }

  void putStreamTime(WriteBatch batch, long streamTime) throws RocksDBException {
    batch.put(metaHandle, STREAM_TIME_KEY, KeyCodec.longBytes(streamTime));
  }

  /** Writes {@code batch} atomically. */
  void write(WriteBatch batch) {
    long stamp = lock.readLock();
    try {
      ensureOpen();
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "commit", name, directory);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  byte[] get(ColumnFamilyHandle handle, byte[] key) {
    return get(() -> handle, key);
  }

  /** Reads {@code key} from the column family {@code handle} resolves under the lock; null if none. */
  byte[] get(Supplier<ColumnFamilyHandle> handle, byte[] key) {
    long stamp = lock.readLock();
    try {
      ensureOpen();
      ColumnFamilyHandle h = handle.get();
      return h == null ? null : db.get(h, key);
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "get", name, directory);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  long approximateNumEntries(ColumnFamilyHandle handle) {
    long stamp = lock.readLock();
    try {
      ensureOpen();
      return db.getLongProperty(handle, "rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "estimate-num-keys", name, directory);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * An iterator over the column families {@code handles} supplies (called under the read lock, so
   * none of them is dropped meanwhile), walked in order. Several column families are read through
   * one snapshot so that the iterator sees one state of the store.
   */
  <K> KeyValueIterator<K, byte[]> scan(Supplier<List<ColumnFamilyHandle>> handles, Scan<K> scan) {
    long stamp = lock.readLock();
    try {
      ensureOpen();
      List<ColumnFamilyHandle> cfs = handles.get();
      Snapshot snapshot = null;
      ReadOptions readOptions = null;
      List<RocksIterator> cursors = new ArrayList<>(cfs.size());
      if (cfs.size() > 1) {
        snapshot = db.getSnapshot();
        readOptions = new ReadOptions().setSnapshot(snapshot);
        for (ColumnFamilyHandle cf : cfs) {
          cursors.add(db.newIterator(cf, readOptions));
        }
      } else if (cfs.size() == 1) {
        // A lone iterator reads an implicit snapshot already.
        cursors.add(db.newIterator(cfs.get(0)));
      }
      RocksEntryIterator<K> it = new RocksEntryIterator<>(this, cursors, readOptions, snapshot, scan);
      openIterators.add(it);
      return it;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  void forget(RocksEntryIterator<?> it) {
    openIterators.remove(it);
  }

  void releaseSnapshot(Snapshot snapshot) {
    db.releaseSnapshot(snapshot);
    snapshot.close();
  }

  /** Creates a data column family; during a restore it gets the bulk-loading settings too. */
  ColumnFamilyHandle createColumnFamily(String cfName) {
    long stamp = lock.readLock();
    try {
      ensureOpen();
      ColumnFamilyHandle h = db.createColumnFamily(
          new ColumnFamilyDescriptor(cfName.getBytes(StandardCharsets.UTF_8), cfOptions));
      otherHandles.add(h);
      synchronized (dataHandlesInRestore) {
        if (restoring) {
          db.setOptions(h, restoreOptions(true));
          dataHandlesInRestore.add(h);
        }
      }
      return h;
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "creating column family " + cfName, name, directory);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /** Drops a column family and frees its handle; open iterators keep their view of it. */
  void dropColumnFamily(ColumnFamilyHandle handle) throws RocksDBException {
    long stamp = lock.writeLock();
    try {
      ensureOpen();
      db.dropColumnFamily(handle);
      synchronized (dataHandlesInRestore) {
        dataHandlesInRestore.remove(handle);
      }
      otherHandles.remove(handle);
      handle.close();
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** Switches {@code dataHandles} (and data column families created later) to bulk loading. */
  void beginRestore(List<ColumnFamilyHandle> dataHandles) {
    // Lock order everywhere: store lock, then the restore monitor.
    long stamp = lock.readLock();
    try {
      ensureOpen();
      synchronized (dataHandlesInRestore) {
        if (restoring) {
          return;
        }
        restoring = true;
        for (ColumnFamilyHandle h : dataHandles) {
          db.setOptions(h, restoreOptions(true));
          dataHandlesInRestore.add(h);
        }
      }
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "switching to restore settings", name, directory);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /** Restores normal settings and compacts what the restore loaded. */
  void endRestore() {
    long stamp = lock.readLock();
    try {
      ensureOpen();
      synchronized (dataHandlesInRestore) {
        if (!restoring) {
          return;
        }
        restoring = false;
        try {
          for (ColumnFamilyHandle h : dataHandlesInRestore) {
            db.setOptions(h, restoreOptions(false));
            db.compactRange(h);
          }
        } finally {
          dataHandlesInRestore.clear();
        }
      }
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "leaving restore settings", name, directory);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private MutableColumnFamilyOptions restoreOptions(boolean restore) {
    return MutableColumnFamilyOptions.builder()
        .setDisableAutoCompactions(restore)
        .setWriteBufferSize(restore ? restoreWriteBufferBytes : cfOptions.writeBufferSize())
        .build();
  }

  /** For tests: whether auto compactions are off for {@code handle}. */
  boolean autoCompactionsDisabled(ColumnFamilyHandle handle) throws RocksDBException {
    return db.getOptions(handle).disableAutoCompactions();
  }

  /** For tests: a RocksDB property of {@code handle}. */
  long longProperty(ColumnFamilyHandle handle, String property) throws RocksDBException {
    return Long.parseLong(db.getProperty(handle, property).trim());
  }

  /** For tests: flushes memtables to SST files. */
  void flush() throws RocksDBException {
    try (org.rocksdb.FlushOptions fo = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      List<ColumnFamilyHandle> all = new ArrayList<>();
      all.add(defaultHandle);
      all.add(metaHandle);
      all.addAll(otherHandles);
      db.flush(fo, all);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("store '" + name + "' in " + directory + " is closed");
    }
  }

  @Override
  public void close() {
    long stamp = lock.writeLock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (RocksEntryIterator<?> it : openIterators) {
        it.release(true);
      }
      openIterators.clear();
      defaultHandle.close();
      metaHandle.close();
      otherHandles.forEach(ColumnFamilyHandle::close);
      otherHandles.clear();
      try {
        db.closeE();
      } catch (RocksDBException e) {
        LOG.warn("Closing store '{}' in {} reported: {}", name, directory, e.getMessage());
      }
      closeAll(writeOptions, cfOptions, dbOptions);
      if (settings.configSetter() != null) {
        settings.configSetter().close(name);
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private static void closeAll(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception e) {
          LOG.warn("Failed to close {}", r.getClass().getSimpleName(), e);
        }
      }
    }
  }

  /** Shorthand used by callers comparing raw keys. */
  static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
