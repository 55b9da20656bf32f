package dev.millrace.state.rocksdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreCorruptedException;
import dev.millrace.state.spi.StoreException;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import dev.millrace.streams.KeyValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL while it commits as fast as it can, then reopens its stores and
 * checks each holds exactly the state of the commit its checkpoint names: not a torn commit, not
 * state beyond the checkpoint, and nothing the child saw committed lost. Commit {@code c}'s
 * writes are a pure function of {@code c}, so the expected state is recomputed here.
 */
class CrashRecoveryTest {
  private static final Retention RETENTION = new Retention(50, 10);
  private static final int ROUNDS = 4;

  @TempDir Path root;

  @Test
  void aKilledProcessLeavesEveryStoreAtExactlyItsLastCheckpointedCommit() throws Exception {
    Random random = new Random(7);
    long lastAcknowledged = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Process child = ChildJvm.start(CrashRecoveryTest.class, List.of("-Xmx128m"), root.toString());
      int linesBeforeKill = 20 + random.nextInt(200);
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (int i = 0; i < linesBeforeKill; i++) {
          String line = out.readLine();
          assertNotNull(line, "child ended early");
          lastAcknowledged = Long.parseLong(line);
          if (round == 0 && i == 0) {
            assertLockedByTheChild();
          }
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      }
      verify(lastAcknowledged);
    }
  }

  private void assertLockedByTheChild() {
    try (RocksDbStoreEngine engine = RocksDbStoreEngine.create()) {
      StoreException e = assertThrows(StoreException.class,
          () -> engine.openKeyValueStore(kvContext(root)));
      assertFalse(e instanceof StoreCorruptedException, e.toString());
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
      assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
    }
  }

  private void verify(long lastAcknowledged) {
    try (RocksDbStoreEngine engine = RocksDbStoreEngine.create();
        KeyValueBytesStore kv = engine.openKeyValueStore(kvContext(root));
        WindowBytesStore windows = engine.openWindowStore(windowContext(root), RETENTION)) {
      long kvCheckpoint = kv.checkpoint();
      assertTrue(kvCheckpoint >= lastAcknowledged,
          "key-value checkpoint " + kvCheckpoint + " lost acknowledged commit " + lastAcknowledged);
      TreeMap<Bytes, Bytes> expected = new TreeMap<>();
      for (long c = 1; c <= kvCheckpoint; c++) {
        kvWrites(c).forEach((k, v) -> {
          if (v == null) {
            expected.remove(k);
          } else {
            expected.put(k, Bytes.wrap(v));
          }
        });
      }
      assertEquals(expected, read(kv.all()), "key-value state at checkpoint " + kvCheckpoint);

      long windowCheckpoint = windows.checkpoint();
      assertTrue(windowCheckpoint >= lastAcknowledged,
          "window checkpoint " + windowCheckpoint + " lost acknowledged commit " + lastAcknowledged);
      assertEquals(windowCheckpoint, windows.streamTime(), "stream time moves with the checkpoint");
      TreeMap<Bytes, Bytes> expectedWindows = new TreeMap<>();
      for (long c = Math.max(1, windowCheckpoint - RETENTION.retentionMs() + 1); c <= windowCheckpoint; c++) {
        windowWrites(c).forEach((k, v) -> expectedWindows.put(windowId(k), Bytes.wrap(v)));
      }
      TreeMap<Bytes, Bytes> actualWindows = new TreeMap<>();
      try (KeyValueIterator<WindowKey, byte[]> it = windows.fetchAll(Long.MIN_VALUE, Long.MAX_VALUE)) {
        while (it.hasNext()) {
          KeyValue<WindowKey, byte[]> kv2 = it.next();
          actualWindows.put(windowId(kv2.key()), Bytes.wrap(kv2.value()));
        }
      }
      assertEquals(expectedWindows, actualWindows, "window state at checkpoint " + windowCheckpoint);
    }
  }

  private static TreeMap<Bytes, Bytes> read(KeyValueIterator<Bytes, byte[]> it) {
    TreeMap<Bytes, Bytes> out = new TreeMap<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        out.put(kv.key(), Bytes.wrap(kv.value()));
      }
    }
    return out;
  }

  private static Bytes windowId(WindowKey k) {
    return Bytes.wrap(KeyCodec.window(k.key().get(), k.windowStart()));
  }

  static StoreContext kvContext(Path root) {
    return new StoreContext("crash-app", "0_0", "kv", root.resolve("kv"));
  }

  static StoreContext windowContext(Path root) {
    return new StoreContext("crash-app", "0_0", "windows", root.resolve("windows"));
  }

  /** Commit {@code c} of the key-value store: 40 puts and deletes over 300 keys. */
  static Map<Bytes, byte[]> kvWrites(long c) {
    Random r = new Random(c);
    Map<Bytes, byte[]> writes = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      int key = r.nextInt(300);
      Bytes k = Bytes.wrap(new byte[] {(byte) (key >> 8), (byte) key});
      if (r.nextInt(5) == 0) {
        writes.put(k, null);
      } else {
        byte[] value = new byte[200];
        r.nextBytes(value);
        writes.put(k, value);
      }
    }
    return writes;
  }

  /** Commit {@code c} of the window store: windows starting at {@code c} for 10 keys. */
  static Map<WindowKey, byte[]> windowWrites(long c) {
    Random r = new Random(-c);
    Map<WindowKey, byte[]> writes = new HashMap<>();
    for (int key = 0; key < 10; key++) {
      byte[] value = new byte[100];
      r.nextBytes(value);
      writes.put(new WindowKey(Bytes.wrap(new byte[] {(byte) key}), c), value);
    }
    return writes;
  }

  /** Child: continues committing from the stores' checkpoints until killed; prints each commit. */
  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    PrintStream out = System.out;
    try (RocksDbStoreEngine engine = RocksDbStoreEngine.create();
        KeyValueBytesStore kv = engine.openKeyValueStore(kvContext(root));
        WindowBytesStore windows = engine.openWindowStore(windowContext(root), RETENTION)) {
      long c = Math.min(kv.checkpoint(), windows.checkpoint());
      c = Math.max(c, 0);
      while (true) {
        c++;
        if (c > kv.checkpoint()) {
          kv.commit(kvWrites(c), c);
        }
        if (c > windows.checkpoint()) {
          windows.commit(windowWrites(c), c);
        }
        out.println(c);
        out.flush();
      }
    }
  }
}
