package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.spi.StoreContext;
import java.util.function.Function;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * What every RocksDB store has in common, whatever its key layout: one {@link StoreDb}, a
 * checkpoint kept in the store's metadata, and commits that put the data and the checkpoint in
 * one {@link WriteBatch}, so a crash leaves either all of a commit or none of it.
 */
abstract class RocksStore {
  final StoreDb db;
  private volatile long checkpoint;

  RocksStore(StoreDb db) {
    this.db = db;
    this.checkpoint = db.readCheckpoint();
  }

  /**
   * Opens the database {@code expected} describes and builds the store on it; the database is
   * closed again if building fails. See {@link StoreDb#open} for the failures.
   */
  static <S extends RocksStore> S open(StoreContext context, String type, long segmentIntervalMs,
      EngineSettings settings, SharedMemory memory, Function<StoreDb, S> build) {
    StoreMetadata expected = StoreMetadata.current(
        context.applicationId(), context.storeName(), type, segmentIntervalMs);
    StoreDb db = StoreDb.open(context, expected, settings, memory);
    try {
      return build.apply(db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Adds a commit's data to the batch that also carries its checkpoint. */
  @FunctionalInterface
  interface BatchWriter {
    void write(WriteBatch batch) throws RocksDBException;
  }

  /**
   * Writes {@code data}'s entries and {@code checkpoint} (already checked with {@link
   * Checks#checkpoint}) in one atomic batch; if anything fails, the store keeps its previous state
   * and checkpoint.
   */
  final void commitBatch(BatchWriter data, long checkpoint) {
    try (WriteBatch batch = new WriteBatch()) {
      data.write(batch);
      db.putCheckpoint(batch, checkpoint);
      db.write(batch);
    } catch (RocksDBException e) {
      throw RocksErrors.onOperation(e, "building the commit batch", db.name(), db.directory());
    }
    this.checkpoint = checkpoint;
  }

  public String name() {
    return db.name();
  }

  public boolean persistent() {
    return true;
  }

  public long checkpoint() {
    return checkpoint;
  }

  public void endRestore() {
    db.endRestore();
  }

  /** For tests in this package. */
  StoreDb db() {
    return db;
  }

  public void close() {
    db.close();
  }
}
