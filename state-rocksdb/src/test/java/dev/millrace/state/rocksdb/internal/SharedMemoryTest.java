package dev.millrace.state.rocksdb.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All stores of an engine draw on one budget: memtables are charged to the shared cache. */
class SharedMemoryTest {
  private static final long TOTAL = 8L << 20;

  @TempDir Path root;

  @Test
  void memtablesOfAllStoresAreChargedToTheOneCacheAndStayWithinTheTotal() throws InterruptedException {
    try (RocksDbStoreEngine engine = RocksDbStoreEngine.create(
        Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, TOTAL))) {
      List<KeyValueBytesStore> stores = new ArrayList<>();
      try {
        for (int s = 0; s < 6; s++) {
          stores.add(engine.openKeyValueStore(
              new StoreContext("app", "0_" + s, "kv", root.resolve("kv" + s))));
        }
        assertTrue(engine.memoryUsage() < TOTAL / 4, "little used before writes: " + engine.memoryUsage());
        Random random = new Random(1);
        long peak = 0;
        // 6 stores x 12 commits x 200 x 1 KiB = ~14 MiB of writes, well over the 2 MiB memtable share.
        for (int c = 0; c < 12; c++) {
          for (KeyValueBytesStore store : stores) {
            Map<Bytes, byte[]> writes = new HashMap<>();
            for (int i = 0; i < 200; i++) {
              byte[] key = new byte[8];
              random.nextBytes(key);
              byte[] value = new byte[1024];
              random.nextBytes(value);
              writes.put(Bytes.wrap(key), value);
            }
            store.commit(writes, c);
            peak = Math.max(peak, engine.memoryUsage());
          }
        }
        assertTrue(peak > TOTAL / 8, "memtables are charged to the shared cache, peak " + peak);
        // The memtable share triggers flushes rather than stalling writes (see README), so
        // usage may overshoot while flushes run; it must come back within the total.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (engine.memoryUsage() > TOTAL && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertTrue(engine.memoryUsage() <= TOTAL,
            "usage " + engine.memoryUsage() + " stays above the total " + TOTAL + " (peak " + peak + ")");
      } finally {
        stores.forEach(KeyValueBytesStore::close);
      }
    }
  }
}
