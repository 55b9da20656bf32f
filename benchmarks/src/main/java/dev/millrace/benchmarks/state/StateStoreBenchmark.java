package dev.millrace.benchmarks.state;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import dev.millrace.streams.KeyValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB engine's stores next to raw rocksdbjni calls doing the same work on a database with
 * the same options (shared LRU cache and write-buffer manager, bloom filter, LZ4, WAL on, no
 * fsync), in one run. {@code store*} and {@code raw*} pairs differ only by the store layer:
 * {@code Bytes} wrapping, the commit map, the checkpoint key in each batch, iterator adapters.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main StateStoreBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StateStoreBenchmark {
  private static final int KEYS = 100_000;
  private static final int BATCH = 100;
  private static final int RANGE = 100;
  private static final int WINDOW_KEYS = 1_000;
  private static final int WINDOWS_PER_KEY = 100;
  private static final int FETCH_SPAN = 50;
  private static final long MEMORY = 64L << 20;

  private Path dir;
  private RocksDbStoreEngine engine;
  private KeyValueBytesStore store;
  private WindowBytesStore windowStore;

  private LRUCache rawCache;
  private WriteBufferManager rawWriteBuffers;
  private BloomFilter rawBloom;
  private Options rawOptions;
  private WriteOptions rawWriteOptions;
  private RocksDB raw;
  private RocksDB rawWindows;

  private final SplittableRandom random = new SplittableRandom(42);
  private byte[][] keys;
  private Bytes[] wrappedKeys;
  private byte[] value;
  private long checkpoint;

  @Setup(Level.Trial)
  public void setUp() throws IOException, RocksDBException {
    dir = Files.createTempDirectory("state-bench");
    keys = new byte[KEYS][];
    wrappedKeys = new Bytes[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = key(i);
      wrappedKeys[i] = Bytes.wrap(keys[i]);
    }
    value = new byte[100];
    random.nextBytes(value);

    engine = RocksDbStoreEngine.create(Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, MEMORY));
    store = engine.openKeyValueStore(new StoreContext("bench", "0_0", "kv", dir.resolve("kv")));
    windowStore = engine.openWindowStore(new StoreContext("bench", "0_0", "w", dir.resolve("w")),
        new Retention(WINDOWS_PER_KEY * 10L, 250));

    rawCache = new LRUCache(MEMORY, -1, false, 0.1);
    rawWriteBuffers = new WriteBufferManager(MEMORY / 4, rawCache);
    rawBloom = new BloomFilter(10, false);
    rawOptions = new Options()
        .setCreateIfMissing(true)
        .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
        .setWriteBufferManager(rawWriteBuffers)
        .setMaxBackgroundJobs(2)
        .setWriteBufferSize(8L << 20)
        .setMaxWriteBufferNumber(3)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig()
            .setBlockCache(rawCache)
            .setCacheIndexAndFilterBlocks(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setPinL0FilterAndIndexBlocksInCache(true)
            .setFilterPolicy(rawBloom)
            .setBlockSize(8L << 10));
    rawWriteOptions = new WriteOptions();
    raw = RocksDB.open(rawOptions, dir.resolve("raw").toString());
    rawWindows = RocksDB.open(rawOptions, dir.resolve("raw-windows").toString());

    for (int from = 0; from < KEYS; from += 10_000) {
      Map<Bytes, byte[]> writes = new HashMap<>();
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = from; i < from + 10_000; i++) {
          writes.put(wrappedKeys[i], value);
          batch.put(keys[i], value);
        }
        store.commit(writes, ++checkpoint);
        raw.write(rawWriteOptions, batch);
      }
    }
    for (int w = 0; w < WINDOWS_PER_KEY; w++) {
      Map<WindowKey, byte[]> writes = new HashMap<>();
      try (WriteBatch batch = new WriteBatch()) {
        for (int k = 0; k < WINDOW_KEYS; k++) {
          writes.put(new WindowKey(wrappedKeys[k], w * 10L), value);
          batch.put(windowKey(keys[k], w * 10L), value);
        }
        windowStore.commit(writes, ++checkpoint);
        rawWindows.write(rawWriteOptions, batch);
      }
    }
  }

  private static byte[] key(int i) {
    byte[] k = new byte[16];
    k[0] = 'k';
    for (int b = 0; b < 4; b++) {
      k[12 + b] = (byte) (i >>> (24 - 8 * b));
    }
    return k;
  }

  /** The same layout the window store uses: key, then the sign-flipped big-endian start. */
  private static byte[] windowKey(byte[] key, long start) {
    byte[] out = Arrays.copyOf(key, key.length + 8);
    long v = start ^ Long.MIN_VALUE;
    for (int i = 7; i >= 0; i--) {
      out[key.length + i] = (byte) v;
      v >>>= 8;
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    windowStore.close();
    engine.close();
    raw.close();
    rawWindows.close();
    rawWriteOptions.close();
    rawOptions.close();
    rawBloom.close();
    rawWriteBuffers.close();
    rawCache.close();
    BenchFiles.deleteRecursively(dir);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void storePut() {
    Map<Bytes, byte[]> writes = new HashMap<>(BATCH * 2);
    for (int i = 0; i < BATCH; i++) {
      writes.put(wrappedKeys[random.nextInt(KEYS)], value);
    }
    store.commit(writes, ++checkpoint);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void rawPut() throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < BATCH; i++) {
        batch.put(keys[random.nextInt(KEYS)], value);
      }
      raw.write(rawWriteOptions, batch);
    }
  }

  @Benchmark
  public byte[] storeGet() {
    return store.get(wrappedKeys[random.nextInt(KEYS)]);
  }

  @Benchmark
  public byte[] rawGet() throws RocksDBException {
    return raw.get(keys[random.nextInt(KEYS)]);
  }

  @Benchmark
  @OperationsPerInvocation(RANGE)
  public void storeRange(Blackhole bh) {
    int from = random.nextInt(KEYS - RANGE);
    try (KeyValueIterator<Bytes, byte[]> it = store.range(wrappedKeys[from], wrappedKeys[from + RANGE - 1])) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        bh.consume(kv.key());
        bh.consume(kv.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(RANGE)
  public void rawRange(Blackhole bh) {
    int from = random.nextInt(KEYS - RANGE);
    byte[] to = keys[from + RANGE - 1];
    try (RocksIterator it = raw.newIterator()) {
      for (it.seek(keys[from]); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (Arrays.compareUnsigned(k, to) > 0) {
          break;
        }
        bh.consume(k);
        bh.consume(it.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(FETCH_SPAN)
  public void storeWindowFetch(Blackhole bh) {
    int k = random.nextInt(WINDOW_KEYS);
    long from = random.nextInt(WINDOWS_PER_KEY - FETCH_SPAN) * 10L;
    long to = from + (FETCH_SPAN - 1) * 10L;
    try (KeyValueIterator<WindowKey, byte[]> it = windowStore.fetch(wrappedKeys[k], from, to)) {
      while (it.hasNext()) {
        KeyValue<WindowKey, byte[]> kv = it.next();
        bh.consume(kv.key());
        bh.consume(kv.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(FETCH_SPAN)
  public void rawWindowFetch(Blackhole bh) {
    int k = random.nextInt(WINDOW_KEYS);
    long from = random.nextInt(WINDOWS_PER_KEY - FETCH_SPAN) * 10L;
    long to = from + (FETCH_SPAN - 1) * 10L;
    byte[] upper = windowKey(keys[k], to);
    int length = keys[k].length + 8;
    try (RocksIterator it = rawWindows.newIterator()) {
      for (it.seek(windowKey(keys[k], from)); it.isValid(); it.next()) {
        byte[] raw = it.key();
        if (Arrays.compareUnsigned(raw, upper) > 0) {
          break;
        }
        if (raw.length == length) {
          bh.consume(raw);
          bh.consume(it.value());
        }
      }
    }
  }
}
