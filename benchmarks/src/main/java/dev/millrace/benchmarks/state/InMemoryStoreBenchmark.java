package dev.millrace.benchmarks.state;

import dev.millrace.state.StoreType;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.StoreEngineProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;
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

/**
 * The in-memory key-value store's point reads and commits, next to the same operations on a bare
 * {@link ConcurrentSkipListMap}, the structure the store was first built on, in one run. Keys are
 * payroll-like employee ids ({@code employee-00042}), 50,000 of them, so the sorted structure pays
 * for comparing a long common prefix; commits carry 1,000 distinct keys, as a cache flush does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class InMemoryStoreBenchmark {
  private static final int KEYS = 50_000;
  private static final int BATCH = 1_000;

  private Bytes[] keys;
  private byte[] value;
  private KeyValueBytesStore store;
  private StoreEngine engine;
  private ConcurrentSkipListMap<Bytes, byte[]> skipList;
  private final SplittableRandom random = new SplittableRandom(7);
  private long checkpoint;

  @Setup(Level.Trial)
  public void setUp() {
    keys = new Bytes[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = Bytes.wrap(String.format("employee-%05d", i).getBytes(StandardCharsets.UTF_8));
    }
    value = new byte[16];
    StoreEngineProvider provider = ServiceLoader.load(StoreEngineProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.type() == StoreType.IN_MEMORY)
        .findFirst().orElseThrow();
    engine = provider.create(Map.of());
    store = engine.openKeyValueStore(
        new StoreContext("bench", "0_0", "employees", Path.of("unused")));
    skipList = new ConcurrentSkipListMap<>();
    Map<Bytes, byte[]> all = new HashMap<>();
    for (Bytes k : keys) {
      all.put(k, value);
      skipList.put(k, value);
    }
    store.commit(all, checkpoint++);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    engine.close();
  }

  private Map<Bytes, byte[]> batch() {
    Map<Bytes, byte[]> writes = new HashMap<>(BATCH * 2);
    while (writes.size() < BATCH) {
      writes.put(keys[random.nextInt(KEYS)], value);
    }
    return writes;
  }

  @Benchmark
  public byte[] storeGet() {
    return store.get(keys[random.nextInt(KEYS)]);
  }

  @Benchmark
  public byte[] skipListGet() {
    return skipList.get(keys[random.nextInt(KEYS)]);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void storeCommit() {
    store.commit(batch(), checkpoint++);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void skipListCommit() {
    skipList.putAll(batch());
  }
}
