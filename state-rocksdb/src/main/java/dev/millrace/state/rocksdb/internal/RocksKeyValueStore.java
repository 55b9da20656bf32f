package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreCorruptedException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/** A key-value store in the default column family of its own RocksDB instance. */
public final class RocksKeyValueStore implements KeyValueBytesStore {
  private final StoreDb db;
  private final ColumnFamilyHandle data;
  private volatile long checkpoint;

  private RocksKeyValueStore(StoreDb db) {
    this.db = db;
    this.data = db.defaultColumnFamily();
    this.checkpoint = db.readCheckpoint();
  }

  /** Opens the store; see {@link StoreDb#open} for the failures. */
  public static RocksKeyValueStore open(StoreContext context, EngineSettings settings, SharedMemory memory) {
    StoreMetadata expected = StoreMetadata.current(
        context.applicationId(), context.storeName(), StoreMetadata.KEY_VALUE, 0);
    StoreDb db = StoreDb.open(context, expected, settings, memory);
    try {
      if (!db.otherColumnFamilies().isEmpty()) {
        throw new StoreCorruptedException("key-value store '" + context.storeName()
            + "' in " + context.directory() + " has unexpected column families "
            + db.otherColumnFamilies().keySet());
      }
      return new RocksKeyValueStore(db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return db.name();
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public byte[] get(Bytes key) {
    return db.get(data, key.get());
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    if (from != null && to != null && from.compareTo(to) > 0) {
      return db.scan(List::of, null);
    }
    byte[] start = from == null ? null : from.get();
    byte[] end = to == null ? null : to.get();
    return db.scan(() -> List.of(data), new Scan<>() {
      @Override
      void seek(RocksIterator it) {
        if (start == null) {
          it.seekToFirst();
        } else {
          it.seek(start);
        }
      }

      @Override
      Object decode(byte[] rawKey) {
        return end != null && Arrays.compareUnsigned(rawKey, end) > 0 ? STOP : Bytes.wrap(rawKey);
      }
    });
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return range(null, null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> prefixScan(Bytes prefix) {
    byte[] p = prefix.get();
    return db.scan(() -> List.of(data), new Scan<>() {
      @Override
      void seek(RocksIterator it) {
        it.seek(p);
      }

      @Override
      Object decode(byte[] rawKey) {
        return StoreDb.startsWith(rawKey, p) ? Bytes.wrap(rawKey) : STOP;
      }
    });
  }

  @Override
  public long approximateNumEntries() {
    return db.approximateNumEntries(data);
  }

  @Override
  public void commit(Map<Bytes, byte[]> writes, long checkpoint) {
    Checks.checkpoint(db.name(), checkpoint);
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<Bytes, byte[]> w : writes.entrySet()) {
        if (w.getValue() == null) {
          batch.delete(data, w.getKey().get());
        } else {
          batch.put(data, w.getKey().get(), w.getValue());
        }
      }
      db.putCheckpoint(batch, checkpoint);
      db.write(batch);
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "building the commit batch", db.name(), db.directory());
    }
    this.checkpoint = checkpoint;
  }

  @Override
  public long checkpoint() {
    return checkpoint;
  }

  @Override
  public void beginRestore(long expectedRecords) {
    db.beginRestore(List.of(data));
  }

  @Override
  public void endRestore() {
    db.endRestore();
  }

  /** For tests in this package. */
  StoreDb db() {
    return db;
  }

  @Override
  public void close() {
    db.close();
  }
}
