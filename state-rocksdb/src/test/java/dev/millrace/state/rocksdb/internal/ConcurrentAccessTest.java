package dev.millrace.state.rocksdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query thread reads and iterates while the task thread commits, drops expired segments and
 * finally closes the store. Native calls on freed handles would crash the JVM; the contract is
 * that readers see consistent entries and, once the store is closed, an IllegalStateException.
 */
class ConcurrentAccessTest {
  @TempDir Path root;

  @Test
  void queriesRaceCommitsSegmentDropsAndCloseSafely() throws Exception {
    Retention retention = new Retention(30, 10);
    try (RocksDbStoreEngine engine = RocksDbStoreEngine.create(
        Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, 8L << 20))) {
      WindowBytesStore store = engine.openWindowStore(
          new StoreContext("app", "0_0", "w", root.resolve("w")), retention);
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      AtomicLong reads = new AtomicLong();
      CountDownLatch started = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        started.countDown();
        try {
          while (true) {
            long now = store.streamTime();
            try (KeyValueIterator<WindowKey, byte[]> it = store.fetchAll(Long.MIN_VALUE, Long.MAX_VALUE)) {
              while (it.hasNext()) {
                var entry = it.next();
                WindowKey k = entry.key();
                // Every value is the low byte of its window start, as written.
                if (k.windowStart() < 0 || k.windowStart() >= 400
                    || entry.value().length != 1 || entry.value()[0] != (byte) k.windowStart()) {
                  throw new AssertionError("impossible window " + k);
                }
              }
            }
            store.fetch(Bytes.wrap(new byte[] {3}), now - 20, now).close();
            store.fetch(Bytes.wrap(new byte[] {3}), now);
            reads.incrementAndGet();
          }
        } catch (IllegalStateException closed) {
          // the store was closed under us: the documented outcome
        } catch (Throwable t) {
          unexpected.set(t);
        }
      });
      reader.start();
      started.await();
      for (long t = 0; t < 400; t++) {
        Map<WindowKey, byte[]> writes = new HashMap<>();
        for (int k = 0; k < 8; k++) {
          writes.put(new WindowKey(Bytes.wrap(new byte[] {(byte) k}), t), new byte[] {(byte) t});
        }
        store.commit(writes, t);
      }
      store.close();
      reader.join(30_000);
      assertEquals(null, unexpected.get());
      assertTrue(!reader.isAlive(), "reader stopped once the store closed");
      assertTrue(reads.get() > 0, "the reader ran concurrently");
    }
  }
}
