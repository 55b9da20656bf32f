package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.spi.StoreCorruptedException;
import dev.millrace.state.spi.StoreException;
import java.nio.file.Path;
import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Turns RocksDB failures into the SPI's exceptions, with the store and directory named. */
final class RocksErrors {
  private RocksErrors() {}

  /**
   * A failure to open: locked or unwritable directories are the caller's problem (plain {@link
   * StoreException}); anything else means the files cannot be used, so the runtime may wipe them.
   */
  static StoreException onOpen(RocksDBException e, String store, Path dir) {
    String message = String.valueOf(e.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
    // Only the LOCK file's messages: "lock" alone also matches "block checksum mismatch".
    if (code == Status.Code.IOError && (message.contains("/LOCK") || lower.contains("lock file")
        || lower.contains("lock hold"))) {
      return new StoreException("store '" + store + "': directory " + dir
          + " is locked by another process or another open instance of this store (" + message + ")", e);
    }
    if (code == Status.Code.IOError && (lower.contains("permission denied")
        || lower.contains("read-only file system") || lower.contains("no space left"))) {
      return new StoreException("store '" + store + "': cannot write directory " + dir + " (" + message + ")", e);
    }
    return new StoreCorruptedException("store '" + store + "': RocksDB data in " + dir
        + " cannot be opened (" + code + "): " + message, e);
  }

  static StoreException onOperation(RocksDBException e, String what, String store, Path dir) {
    Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
    String message = "store '" + store + "' in " + dir + ": " + what + " failed: " + e.getMessage();
    return code == Status.Code.Corruption
        ? new StoreCorruptedException(message, e)
        : new StoreException(message, e);
  }
}
