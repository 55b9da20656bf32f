package dev.millrace.state.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.state.StoreType;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreEngineProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

class RocksDbStoreEngineTest {
  @TempDir Path dir;

  @Test
  void theProviderIsFoundThroughServiceLoaderAndPassesSettings() {
    List<StoreEngineProvider> persistent = ServiceLoader.load(StoreEngineProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.type() == StoreType.PERSISTENT)
        .toList();
    assertEquals(1, persistent.size());
    try (var engine = persistent.get(0).create(Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, "4194304"))) {
      assertInstanceOf(RocksDbStoreEngine.class, engine);
      assertEquals(StoreType.PERSISTENT, engine.type());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> persistent.get(0).create(Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, "lots")));
    assertTrue(e.getMessage().contains(RocksDbStoreEngine.TOTAL_MEMORY_BYTES), e.getMessage());
  }

  @Test
  void badSettingsAreRejectedNamingTheSetting() {
    assertMessageNames("rocksdb.total.memory.byte",
        () -> RocksDbStoreEngine.create(Map.of("rocksdb.total.memory.byte", 1L << 24)));
    assertMessageNames(RocksDbStoreEngine.TOTAL_MEMORY_BYTES,
        () -> RocksDbStoreEngine.create(Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, 1000)));
    assertMessageNames(RocksDbStoreEngine.WRITE_BUFFER_RATIO,
        () -> RocksDbStoreEngine.create(Map.of(RocksDbStoreEngine.WRITE_BUFFER_RATIO, 1.5)));
    assertMessageNames(RocksDbStoreEngine.SYNC_COMMITS,
        () -> RocksDbStoreEngine.create(Map.of(RocksDbStoreEngine.SYNC_COMMITS, "yes")));
    assertMessageNames("no.such.Setter",
        () -> RocksDbStoreEngine.create(Map.of(RocksDbStoreEngine.CONFIG_SETTER, "no.such.Setter")));
    assertMessageNames("does not implement",
        () -> RocksDbStoreEngine.create(Map.of(RocksDbStoreEngine.CONFIG_SETTER, String.class.getName())));
    // Settings of other components pass through untouched.
    RocksDbStoreEngine.create(Map.of("application.id", "x", "commit.interval.ms", 100)).close();
  }

  private static void assertMessageNames(String expected, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  /** Records calls; instantiated by the engine from its class name. */
  public static final class RecordingSetter implements RocksDbConfigSetter {
    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public void configure(String storeName, DBOptions db, ColumnFamilyOptions columnFamily,
        Map<String, ?> settings) {
      CALLS.add("configure " + storeName + " " + settings.get("custom.key"));
      db.setMaxBackgroundJobs(1);
    }

    @Override
    public void close(String storeName) {
      CALLS.add("close " + storeName);
    }
  }

  @Test
  void theConfigSetterSeesEveryStoreOpenAndClose() {
    RecordingSetter.CALLS.clear();
    try (RocksDbStoreEngine engine = RocksDbStoreEngine.create(Map.of(
        RocksDbStoreEngine.CONFIG_SETTER, RecordingSetter.class.getName(), "custom.key", "v"))) {
      StoreContext context = new StoreContext("app", "0_0", "counts", dir.resolve("counts"));
      try (KeyValueBytesStore store = engine.openKeyValueStore(context)) {
        store.commit(Map.of(Bytes.wrap(new byte[] {1}), new byte[] {2}), 1);
      }
    }
    assertEquals(List.of("configure counts v", "close counts"), RecordingSetter.CALLS);
  }

  @Test
  void aClosedEngineOpensNoStores() {
    RocksDbStoreEngine engine = RocksDbStoreEngine.create();
    engine.close();
    engine.close();
    assertThrows(IllegalStateException.class, () -> engine.openKeyValueStore(
        new StoreContext("app", "0_0", "s", dir.resolve("s"))));
  }
}
