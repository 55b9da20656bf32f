package dev.millrace.benchmarks.state;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one commit (100 writes plus the checkpoint, one WriteBatch) with the write-ahead log
 * written but not fsynced (the engine's default) and fsynced ({@code rocksdb.sync.commits}).
 * Run on the disk the stores will live on: set {@code -Djava.io.tmpdir}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CommitDurabilityBenchmark {
  private static final int BATCH = 100;
  private static final int KEYS = 100_000;

  @Param({"false", "true"})
  public boolean sync;

  private Path dir;
  private RocksDbStoreEngine engine;
  private KeyValueBytesStore store;
  private Bytes[] keys;
  private byte[] value;
  private long checkpoint;
  private final SplittableRandom random = new SplittableRandom(7);

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("commit-bench");
    engine = RocksDbStoreEngine.create(Map.of(RocksDbStoreEngine.SYNC_COMMITS, sync));
    store = engine.openKeyValueStore(new StoreContext("bench", "0_0", "kv", dir.resolve("kv")));
    keys = new Bytes[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = Bytes.wrap(new byte[] {'k', (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
    }
    value = new byte[100];
    random.nextBytes(value);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    engine.close();
    BenchFiles.deleteRecursively(dir);
  }

  @Benchmark
  public void commit() {
    Map<Bytes, byte[]> writes = new HashMap<>(BATCH * 2);
    for (int i = 0; i < BATCH; i++) {
      writes.put(keys[random.nextInt(KEYS)], value);
    }
    store.commit(writes, ++checkpoint);
  }
}
