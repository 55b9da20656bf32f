package dev.millrace.state.rocksdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.WindowKey;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;

class RestoreAndSegmentsTest {
  @TempDir Path root;
  private final RocksDbStoreEngine engine = RocksDbStoreEngine.create(
      Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, 16L << 20));

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  void restoreTurnsOffAutoCompactionUntilItEndsThenCompacts() throws Exception {
    StoreContext context = new StoreContext("app", "0_0", "kv", root.resolve("kv"));
    try (RocksKeyValueStore store = (RocksKeyValueStore) engine.openKeyValueStore(context)) {
      ColumnFamilyHandle data = store.db().defaultColumnFamily();
      assertFalse(store.db().autoCompactionsDisabled(data));
      store.beginRestore(10_000);
      assertTrue(store.db().autoCompactionsDisabled(data));
      for (int batch = 0; batch < 6; batch++) {
        Map<Bytes, byte[]> writes = new HashMap<>();
        for (int i = 0; i < 500; i++) {
          writes.put(Bytes.wrap(new byte[] {(byte) batch, (byte) (i >> 8), (byte) i}), new byte[64]);
        }
        store.commit(writes, batch);
        store.db().flush();
      }
      assertEquals(6, store.db().longProperty(data, "rocksdb.num-files-at-level0"),
          "no compaction while restoring");
      store.endRestore();
      assertFalse(store.db().autoCompactionsDisabled(data));
      assertEquals(0, store.db().longProperty(data, "rocksdb.num-files-at-level0"),
          "compacted at the end of the restore");
      assertEquals(3000, store.approximateNumEntries());
    }
  }

  @Test
  void segmentsCreatedDuringARestoreGetTheRestoreSettingsToo() throws Exception {
    StoreContext context = new StoreContext("app", "0_0", "w", root.resolve("w"));
    try (RocksWindowStore store = (RocksWindowStore) engine.openWindowStore(context, new Retention(1000, 100))) {
      store.beginRestore(10);
      store.commit(Map.of(new WindowKey(Bytes.wrap(new byte[] {1}), 250), new byte[] {1}), 1);
      Segments probe = new Segments(store.db(), 100);
      assertEquals(0, probe.count(), "probe sees only segments that existed at open");
      store.endRestore();
      store.commit(Map.of(new WindowKey(Bytes.wrap(new byte[] {1}), 350), new byte[] {1}), 2);
      assertEquals(2, store.segmentCount());
    }
  }

  @Test
  void expiryDropsWholeSegmentsSoTheirNumberStaysBounded() {
    Retention retention = new Retention(20, 7);
    StoreContext context = new StoreContext("app", "0_0", "w", root.resolve("w"));
    Bytes key = Bytes.wrap(new byte[] {1});
    try (RocksWindowStore store = (RocksWindowStore) engine.openWindowStore(context, retention)) {
      for (long t = 0; t < 500; t += 3) {
        store.commit(Map.of(new WindowKey(key, t), new byte[] {(byte) t}), t);
        // live windows span at most retention, so at most ceil(20/7) + 1 segments
        assertTrue(store.segmentCount() <= 4, "segments at t=" + t + ": " + store.segmentCount());
      }
      assertEquals(7, countEntries(store), "windows 480..498 step 3 are live");
    }
    try (RocksWindowStore reopened = (RocksWindowStore) engine.openWindowStore(context, retention)) {
      assertTrue(reopened.segmentCount() <= 4);
      assertEquals(498, reopened.streamTime());
      assertEquals(7, countEntries(reopened));
    }
  }

  private static int countEntries(RocksWindowStore store) {
    int n = 0;
    try (var it = store.fetchAll(Long.MIN_VALUE, Long.MAX_VALUE)) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }
}
