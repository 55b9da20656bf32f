package dev.millrace.state.rocksdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.SessionBytesStore;
import dev.millrace.state.spi.SessionKey;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens and closes engines and stores many times, with writes, reads, snapshots and iterators
 * (one deliberately left open for the store to close), and checks that the resident memory of
 * the process stops growing after warm-up.
 *
 * <p>The cycles run in a child JVM whose heap is fixed and pre-touched, so that heap growth (which
 * in the test JVM alone adds tens of MiB) does not hide or fake native growth. Measured on the
 * development machine (glibc malloc): RSS climbs 6-13 MiB while malloc arenas settle during the
 * first ~200 cycles, then stays flat within 1 MiB for 500 more. The bound is 32 MiB over the
 * measured cycles: leaking one memtable arena block (128 KiB here) per store per cycle would
 * add ~46 MiB, a whole database far more.
 */
class NativeResourceLeakTest {
  static final int WARM_UP_CYCLES = 50;
  static final int MEASURED_CYCLES = 120;
  private static final long BOUND_KIB = 32L << 10;

  @TempDir Path root;

  @Test
  void openCloseCyclesDoNotGrowResidentMemory() throws Exception {
    Process child = ChildJvm.start(NativeResourceLeakTest.class,
        List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC"), root.toString());
    String line;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      line = out.readLine();
    }
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child finished");
    assertEquals(0, child.exitValue(), "child exit code; output: " + line);
    String[] parts = line.split(" ");
    long before = Long.parseLong(parts[1]);
    long after = Long.parseLong(parts[2]);
    System.err.printf("RSS after warm-up %d KiB, after %d more cycles %d KiB%n", before, MEASURED_CYCLES, after);
    assertTrue(after - before < BOUND_KIB, "RSS grew by " + (after - before) + " KiB over "
        + MEASURED_CYCLES + " open/close cycles (bound " + BOUND_KIB + " KiB)");
  }

  /** Child: runs the cycles in directory {@code args[0]}, prints "RSS before after" in KiB. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    for (int i = 0; i < WARM_UP_CYCLES; i++) {
      cycle(root, i);
    }
    long before = residentKib();
    for (int i = 0; i < MEASURED_CYCLES; i++) {
      cycle(root, WARM_UP_CYCLES + i);
    }
    System.out.println("RSS " + before + " " + residentKib());
  }

  private static void cycle(Path root, int n) {
    try (RocksDbStoreEngine engine = RocksDbStoreEngine.create(
        Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, 8L << 20))) {
      // Alternate between two directories, so every open recovers existing data.
      String suffix = Integer.toString(n % 2);
      StoreContext kvContext = new StoreContext("app", "0_0", "kv", root.resolve("kv" + suffix));
      StoreContext windowContext = new StoreContext("app", "0_0", "w", root.resolve("w" + suffix));
      StoreContext sessionContext = new StoreContext("app", "0_0", "s", root.resolve("s" + suffix));
      try (KeyValueBytesStore kv = engine.openKeyValueStore(kvContext);
          WindowBytesStore windows = engine.openWindowStore(windowContext, new Retention(50, 10));
          SessionBytesStore sessions = engine.openSessionStore(sessionContext, new Retention(50, 10))) {
        Map<Bytes, byte[]> writes = new HashMap<>();
        Map<WindowKey, byte[]> windowWrites = new HashMap<>();
        Map<SessionKey, byte[]> sessionWrites = new HashMap<>();
        for (int i = 0; i < 200; i++) {
          Bytes key = Bytes.wrap(new byte[] {(byte) (i >> 8), (byte) i});
          writes.put(key, new byte[32]);
          windowWrites.put(new WindowKey(key, n * 10L + i % 30), new byte[16]);
          sessionWrites.put(new SessionKey(key, n * 10L, n * 10L + i % 30), new byte[16]);
        }
        kv.commit(writes, n);
        windows.commit(windowWrites, n);
        sessions.commit(sessionWrites, n);
        drain(kv.range(Bytes.wrap(new byte[] {0, 10}), Bytes.wrap(new byte[] {0, 90})));
        drain(windows.fetchAll(Long.MIN_VALUE, Long.MAX_VALUE)); // several segments: a snapshot
        drain(sessions.findSessions(Bytes.wrap(new byte[] {0, 5}), 0, Long.MAX_VALUE));
        kv.get(Bytes.wrap(new byte[] {0, 7}));
        // Left open on purpose: closing the store must free it.
        KeyValueIterator<WindowKey, byte[]> open = windows.fetchAll(Long.MIN_VALUE, Long.MAX_VALUE);
        open.hasNext();
      }
    }
  }

  private static void drain(KeyValueIterator<?, byte[]> it) {
    try (it) {
      while (it.hasNext()) {
        it.next();
      }
    }
  }

  private static long residentKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring("VmRSS:".length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
