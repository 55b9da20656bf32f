package dev.millrace.state.rocksdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreCorruptedException;
import dev.millrace.state.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What opening a store directory does when the directory is not a clean copy of this store. */
class StoreDirectoryTest {
  @TempDir Path root;
  private final RocksDbStoreEngine engine = RocksDbStoreEngine.create(
      Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, 8L << 20));

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  private StoreContext context(String app, String store) {
    return new StoreContext(app, "0_0", store, root.resolve("0_0").resolve(store));
  }

  private void writeSome(StoreContext context, boolean flush) throws Exception {
    try (RocksKeyValueStore store = (RocksKeyValueStore) engine.openKeyValueStore(context)) {
      for (int c = 0; c < 5; c++) {
        store.commit(Map.of(Bytes.wrap(new byte[] {(byte) c}), new byte[100]), c);
      }
      if (flush) {
        store.db().flush();
      }
    }
  }

  @Test
  void aDirectoryOfAnotherApplicationOrStoreIsReportedCorrupt() throws Exception {
    writeSome(context("app", "counts"), false);
    StoreCorruptedException e = assertThrows(StoreCorruptedException.class,
        () -> engine.openKeyValueStore(new StoreContext("other-app", "0_0", "counts",
            root.resolve("0_0").resolve("counts"))));
    assertTrue(e.getMessage().contains("application id is 'app', expected 'other-app'"), e.getMessage());
    assertTrue(e.getMessage().contains(root.resolve("0_0").resolve("counts").toString()), e.getMessage());

    e = assertThrows(StoreCorruptedException.class,
        () -> engine.openKeyValueStore(new StoreContext("app", "0_0", "sums",
            root.resolve("0_0").resolve("counts"))));
    assertTrue(e.getMessage().contains("store name is 'counts', expected 'sums'"), e.getMessage());

    e = assertThrows(StoreCorruptedException.class,
        () -> engine.openWindowStore(context("app", "counts"), new Retention(100, 10)));
    assertTrue(e.getMessage().contains("store kind is 'key-value', expected 'window'"), e.getMessage());
  }

  @Test
  void aChangedSegmentIntervalIsReportedCorrupt() {
    StoreContext context = context("app", "windows");
    engine.openWindowStore(context, new Retention(100, 10)).close();
    engine.openWindowStore(context, new Retention(500, 10)).close(); // retention may change
    StoreCorruptedException e = assertThrows(StoreCorruptedException.class,
        () -> engine.openWindowStore(context, new Retention(100, 20)));
    assertTrue(e.getMessage().contains("segment interval"), e.getMessage());
  }

  @Test
  void anUnreadableOrFutureMarkerIsReportedCorrupt() throws Exception {
    StoreContext context = context("app", "counts");
    writeSome(context, false);
    Path marker = context.directory().resolve(StoreMetadata.FILE_NAME);
    Files.writeString(marker, Files.readString(marker).replace("format.version=1", "format.version=7"));
    assertTrue(assertThrows(StoreCorruptedException.class, () -> engine.openKeyValueStore(context))
        .getMessage().contains("format version"));
    Files.write(marker, new byte[] {0, (byte) 0xff, 3});
    assertThrows(StoreCorruptedException.class, () -> engine.openKeyValueStore(context));
  }

  @Test
  void dataWithoutAMarkerIsReportedCorrupt() throws Exception {
    StoreContext context = context("app", "counts");
    writeSome(context, false);
    Files.delete(context.directory().resolve(StoreMetadata.FILE_NAME));
    StoreCorruptedException e = assertThrows(StoreCorruptedException.class,
        () -> engine.openKeyValueStore(context));
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
  }

  @Test
  void garbageInTheDatabaseFilesIsReportedCorruptAndDestroyLetsTheStoreStartOver() throws Exception {
    StoreContext context = context("app", "counts");
    writeSome(context, true);
    overwriteWithGarbage(context.directory().resolve(StoreDb.DB_DIR), name -> true);
    assertThrows(StoreCorruptedException.class, () -> engine.openKeyValueStore(context));

    engine.destroy(context);
    assertFalse(Files.exists(context.directory()));
    try (KeyValueBytesStore store = engine.openKeyValueStore(context)) {
      assertEquals(KeyValueBytesStore.NO_CHECKPOINT, store.checkpoint());
      assertNull(store.get(Bytes.wrap(new byte[] {1})));
    }
  }

  @Test
  void garbageInTheTableFilesAloneIsReportedCorrupt() throws Exception {
    StoreContext context = context("app", "counts");
    writeSome(context, true);
    Path db = context.directory().resolve(StoreDb.DB_DIR);
    assertTrue(overwriteWithGarbage(db, name -> name.endsWith(".sst")) > 0, "flush wrote table files");
    assertThrows(StoreCorruptedException.class, () -> engine.openKeyValueStore(context));
  }

  @Test
  void aStoreOpenElsewhereIsLockedNotCorrupt() {
    StoreContext context = context("app", "counts");
    try (KeyValueBytesStore first = engine.openKeyValueStore(context)) {
      first.commit(Map.of(), 1);
      StoreException e = assertThrows(StoreException.class, () -> engine.openKeyValueStore(context));
      assertFalse(e instanceof StoreCorruptedException, "a lock is not corruption: " + e);
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
      assertTrue(e.getMessage().contains(context.directory().toString()), e.getMessage());
      assertEquals(1, first.checkpoint());
    }
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsAPlainStoreExceptionNamingIt() throws IOException {
    Path file = Files.writeString(root.resolve("not-a-dir"), "x");
    StoreContext context = new StoreContext("app", "0_0", "counts", file.resolve("counts"));
    StoreException e = assertThrows(StoreException.class, () -> engine.openKeyValueStore(context));
    assertFalse(e instanceof StoreCorruptedException);
    assertTrue(e.getMessage().contains(file.resolve("counts").toString()), e.getMessage());
  }

  @Test
  void corruptionMessagesThatMentionBlocksAreNotMistakenForLocks() {
    org.rocksdb.RocksDBException corruption = new org.rocksdb.RocksDBException(
        "block checksum mismatch in 000012.sst",
        new org.rocksdb.Status(org.rocksdb.Status.Code.Corruption, org.rocksdb.Status.SubCode.None,
            "block checksum mismatch"));
    assertTrue(RocksErrors.onOpen(corruption, "s", root) instanceof StoreCorruptedException);
    org.rocksdb.RocksDBException lock = new org.rocksdb.RocksDBException(
        "While lock file: " + root + "/LOCK: Resource temporarily unavailable",
        new org.rocksdb.Status(org.rocksdb.Status.Code.IOError, org.rocksdb.Status.SubCode.None, null));
    StoreException e = RocksErrors.onOpen(lock, "s", root);
    assertFalse(e instanceof StoreCorruptedException);
    assertTrue(e.getMessage().contains("locked"), e.getMessage());
  }

  /** Overwrites matching files with random bytes of the same length; returns how many. */
  static int overwriteWithGarbage(Path dir, java.util.function.Predicate<String> names) throws IOException {
    Random random = new Random(42);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> names.test(p.getFileName().toString()))
          .filter(p -> !p.getFileName().toString().equals("LOCK"))
          .toList();
    }
    for (Path f : files) {
      byte[] garbage = new byte[(int) Math.max(Files.size(f), 64)];
      random.nextBytes(garbage);
      Files.write(f, garbage);
    }
    return files.size();
  }
}
