package dev.millrace.examples.eos;

import dev.millrace.examples.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.millrace.clients.Partitioner;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.Streams;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.StoreType;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.StoreEngineProvider;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails the k-th state-changing call of the log, its transactional writers and the RocksDB
 * stores, for every k from the first call until a run gets through without reaching k (so every
 * step of every commit is hit: before and after each append, offset commit, transaction commit
 * and store write, and the restores of the restart). After each failure a fresh instance resumes
 * on the same log and the same store directories and runs to the end; then the read_committed
 * outputs and the stores on disk are compared with a run without failure.
 *
 * <p>Exactly once, they must be identical: each input record copied once, every count update
 * {@code 1..n} once per group, the same sums, the same store contents. At least once, nothing may
 * be missing, and the sweep must show duplicates somewhere (or it could not tell the two apart).
 *
 * <p>The topology has two sub-topologies (a repartition in between, so transactions of one task
 * feed another), a cached store and an uncached one, on 2 partitions, run by one thread so that
 * call numbers mean the same from run to run.
 */
class FaultMatrixTest {
  private static final String APP = "faults";
  private static final int RECORDS = 24;
  private static final int GROUPS = 3;
  private static final int MAX_SWEEP = 3000;

  enum LogKind { MEMORY, FILE }

  @TempDir
  Path dir;

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (LogKind log : LogKind.values()) {
      for (ProcessingGuarantee g : ProcessingGuarantee.values()) {
        out.add(Arguments.of(log, g, Faults.Mode.CRASH));
      }
    }
    out.add(Arguments.of(LogKind.FILE, ProcessingGuarantee.EXACTLY_ONCE, Faults.Mode.FAIL_ONCE));
    return out.stream();
  }

  static Topology topology() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, Long> in = b.stream("in", Consumed.with(Serdes.String(), Serdes.Long()));
    in.to("copy", Produced.with(Serdes.String(), Serdes.Long()));
    in.groupByKey().reduce(Long::sum, Materialized.<String, Long>as("sums")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long())
            .withStoreType(StoreType.PERSISTENT))
        .toStream().to("sums", Produced.with(Serdes.String(), Serdes.Long()));
    in.groupBy((k, v) -> "g" + (v % GROUPS), Grouped.with(Serdes.String(), Serdes.Long())
            .withName("by-group"))
        .count(Materialized.<String, Long>as("counts").withCachingDisabled()
            .withStoreType(StoreType.PERSISTENT))
        .toStream().to("counts", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  /** What a run leaves behind, as read_committed readers and the stores on disk see it. */
  record Outcome(List<Long> copy, Map<String, List<Long>> countUpdates, Map<String, Long> sums,
      Map<String, Long> storedSums, Map<String, Long> storedCounts) {}

  static Outcome reference() {
    List<Long> copy = new ArrayList<>();
    Map<String, List<Long>> counts = new TreeMap<>();
    Map<String, Long> sums = new TreeMap<>();
    Map<String, Long> finalCounts = new TreeMap<>();
    for (long v = 1; v <= RECORDS; v++) {
      copy.add(v);
      sums.merge(key(v), v, Long::sum);
      long n = finalCounts.merge("g" + (v % GROUPS), 1L, Long::sum);
      counts.computeIfAbsent("g" + (v % GROUPS), g -> new ArrayList<>()).add(n);
    }
    return new Outcome(copy, counts, sums, sums, finalCounts);
  }

  private static String key(long v) {
    return "k" + (v % 7);
  }

  /** A log that outlives the instances run on it; the file log is reopened after a crash. */
  private static final class LogHolder implements AutoCloseable {
    final LogKind kind;
    final Path directory;
    Log log;

    LogHolder(LogKind kind, Path directory) {
      this.kind = kind;
      this.directory = directory;
      this.log = open();
    }

    private Log open() {
      // fsync buys nothing here: a crashed instance leaves the page cache intact
      return kind == LogKind.MEMORY ? InMemoryLog.create()
          : FileLog.open(directory, FileLogConfig.defaults().withSyncOnCommit(false));
    }

    /** What a restarted process finds: the file log recovers from its files. */
    void reopenAfterCrash() {
      if (kind == LogKind.FILE) {
        log.close();
        log = open();
      }
    }

    @Override
    public void close() {
      log.close();
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("matrix")
  void everyFailureOfEveryCommitStepIsRecoveredFrom(LogKind kind, ProcessingGuarantee guarantee,
      Faults.Mode mode) throws Exception {
    boolean exactlyOnce = guarantee == ProcessingGuarantee.EXACTLY_ONCE;
    Outcome expected = reference();
    RunResult clean = run(kind, guarantee, mode, 0);
    assertEquals(expected, clean.outcome, "a run without failure");

    Set<String> sites = new TreeSet<>();
    boolean duplicates = false;
    int k = 1;
    for (; k <= MAX_SWEEP; k++) {
      RunResult r = run(kind, guarantee, mode, k);
      if (r.site == null) {
        break;
      }
      sites.add(r.site);
      String where = "failure at call " + k + " (" + r.site + ")";
      if (exactlyOnce) {
        assertEquals(clean.outcome, r.outcome, where);
      } else {
        duplicates |= assertNothingLost(expected, r.outcome, where);
      }
    }
    assertTrue(k <= MAX_SWEEP, "the sweep never reached a run without failure");
    List<String> commitSteps = exactlyOnce
        ? List.of("writer.beginTransaction", "writer.append", "writer.addOffsets",
            "writer.commitTransaction", "store.commit")
        : List.of("log.append", "log.commitOffsets", "store.commit");
    for (String step : commitSteps) {
      for (String side : List.of(" before", " after")) {
        assertTrue(sites.contains(step + side), "never failed at " + step + side + ": " + sites);
      }
    }
    if (!exactlyOnce) {
      assertTrue(duplicates, "at least once, some failure should have repeated output");
    }
    System.out.printf("%s %s %s: recovered from a failure at each of %d calls; sites %s%n",
        kind, guarantee, mode, k - 1, sites);
  }

  /** Returns whether {@code actual} holds something twice. */
  private static boolean assertNothingLost(Outcome expected, Outcome actual, String where) {
    assertTrue(actual.copy.containsAll(expected.copy), where + ": copy " + actual.copy);
    expected.countUpdates.forEach((g, updates) -> assertTrue(
        actual.countUpdates.getOrDefault(g, List.of()).containsAll(updates),
        where + ": count updates of " + g + " " + actual.countUpdates.get(g)));
    expected.sums.forEach((key, sum) -> {
      assertTrue(actual.sums.get(key) >= sum, where + ": sum of " + key);
      assertTrue(actual.storedSums.get(key) >= sum, where + ": stored sum of " + key);
    });
    expected.storedCounts.forEach((g, n) -> assertTrue(actual.storedCounts.get(g) >= n,
        where + ": stored count of " + g));
    return actual.copy.size() > expected.copy.size() || !actual.equals(expected);
  }

  private record RunResult(String site, Outcome outcome) {}

  /** One run failing at call {@code failAt} (0: never), then a restart that finishes the work. */
  private RunResult run(LogKind kind, ProcessingGuarantee guarantee, Faults.Mode mode,
      long failAt) throws Exception {
    Path root = dir.resolve(kind + "-" + guarantee + "-" + mode + "-" + failAt);
    StreamsConfig config = StreamsConfig.builder(APP).processingGuarantee(guarantee)
        .numStreamThreads(1).commitInterval(Duration.ofMillis(1)).maxPollRecords(5)
        .stateDir(root.resolve("state")).build();
    try (LogHolder holder = new LogHolder(kind, root.resolve("log"))) {
      for (String t : List.of("in", "copy", "sums", "counts")) {
        holder.log.createTopic(t, TopicConfig.partitions(2));
      }
      produceInput(holder.log);

      Faults faults = new Faults(failAt, mode);
      Streams first = new Streams(topology(), config, new FaultyLog(holder.log, faults),
          List.of(FaultyStoreEngine.provider(faults)));
      first.setUncaughtExceptionHandler(e -> { });
      boolean started = true;
      try {
        first.start();
      } catch (Faults.InjectedFault e) {
        started = false;
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (started && first.state() != Streams.State.ERROR && !caughtUp(holder.log)) {
        if (System.nanoTime() > deadline) {
          fail("run failing at " + failAt + " neither failed nor finished; state "
              + first.state() + ", fault at " + faults.site());
        }
        Thread.sleep(2);
      }
      boolean closed = false;
      if (!faults.crashed()) {
        // finished, or failed once: a clean close (whose final commit may be where k falls)
        assertTrue(first.close(Duration.ofSeconds(10)));
        closed = true;
      }
      if (faults.crashed()) {
        // the dead process is abandoned, never closed: the OS frees its locks, nothing else
        if (!closed && started) {
          awaitDead(first);
        }
        faults.releaseAsTheOsWould();
        holder.reopenAfterCrash();
      }

      if (faults.site() != null) {
        Streams second = new Streams(topology(), config, holder.log, List.of(rocksDb()));
        second.start();
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!caughtUp(holder.log)) {
          assertTrue(System.nanoTime() < deadline, "restart after failure at " + failAt + " ("
              + faults.site() + ") did not finish; state " + second.state());
          Thread.sleep(2);
        }
        assertTrue(second.close(Duration.ofSeconds(10)));
      }
      return new RunResult(faults.site(), outcome(holder.log, root.resolve("state")));
    } finally {
      TestFiles.deleteTree(root);
    }
  }

  private static void awaitDead(Streams crashed) throws InterruptedException {
    // the failing thread reports to the instance last thing before it ends; what it still does
    // after that cannot reach the log or the stores
    assertTrue(crashed.awaitState(Streams.State.ERROR, Duration.ofSeconds(10)),
        "state " + crashed.state());
  }

  private static StoreEngineProvider rocksDb() {
    return new StoreEngineProvider() {
      @Override
      public StoreType type() {
        return StoreType.PERSISTENT;
      }

      @Override
      public StoreEngine create(Map<String, ?> settings) {
        return RocksDbStoreEngine.create(settings);
      }
    };
  }

  private static void produceInput(Log log) {
    Map<Integer, List<LogRecord>> byPartition = new TreeMap<>();
    for (long v = 1; v <= RECORDS; v++) {
      byte[] k = Serdes.String().serializer().serialize("in", key(v));
      byPartition.computeIfAbsent(Partitioner.keyHashPartition(k, 2), p -> new ArrayList<>())
          .add(LogRecord.of(k, Serdes.Long().serializer().serialize("in", v), v));
    }
    byPartition.forEach((p, records) -> log.append(new TopicPartition("in", p), records));
  }

  /**
   * True when the input and the repartition topic are consumed to their ends and committed, and
   * no transaction is open: all work is done and published.
   */
  private static boolean caughtUp(Log log) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String t : log.listTopics()) {
      if (t.equals("in") || t.endsWith("-repartition")) {
        for (int p = 0; p < 2; p++) {
          partitions.add(new TopicPartition(t, p));
        }
      }
    }
    Map<TopicPartition, Long> committed = log.committedOffsets(APP, partitions);
    for (TopicPartition tp : partitions) {
      long c = committed.getOrDefault(tp, 0L);
      if (log.lastStableOffset(tp) != log.endOffset(tp) || !log.read(tp, c, 1, 1 << 20,
          IsolationLevel.READ_COMMITTED).records().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static Outcome outcome(Log log, Path stateDir) {
    List<Long> copy = new ArrayList<>();
    for (StoredRecord r : TestFiles.readCommitted(log, partitions("copy"))) {
      copy.add(Serdes.Long().deserializer().deserialize("copy", r.value()));
    }
    copy.sort(null);
    Map<String, List<Long>> counts = new TreeMap<>();
    for (StoredRecord r : TestFiles.readCommitted(log, partitions("counts"))) {
      counts.computeIfAbsent(Serdes.String().deserializer().deserialize("counts", r.key()),
          g -> new ArrayList<>()).add(Serdes.Long().deserializer().deserialize("counts",
          r.value()));
    }
    counts.values().forEach(l -> l.sort(null));
    Map<String, Long> sums = new TreeMap<>();
    for (StoredRecord r : TestFiles.readCommitted(log, partitions("sums"))) {
      sums.put(Serdes.String().deserializer().deserialize("sums", r.key()),
          Serdes.Long().deserializer().deserialize("sums", r.value()));
    }
    return new Outcome(copy, counts, sums, stored(stateDir, "sums"), stored(stateDir, "counts"));
  }

  /** Every task's store of that name, read from its RocksDB directory. */
  private static Map<String, Long> stored(Path stateDir, String store) {
    Map<String, Long> out = new TreeMap<>();
    Path app = stateDir.resolve(APP);
    try (RocksDbStoreEngine engine = RocksDbStoreEngine.create();
        Stream<Path> tasks = Files.list(app)) {
      for (Path task : tasks.sorted().toList()) {
        Path d = task.resolve(store);
        if (!Files.isDirectory(d)) {
          continue;
        }
        try (KeyValueBytesStore s = engine.openKeyValueStore(new StoreContext(APP,
            task.getFileName().toString(), store, d));
            KeyValueIterator<Bytes, byte[]> it = s.all()) {
          while (it.hasNext()) {
            KeyValue<Bytes, byte[]> kv = it.next();
            out.put(Serdes.String().deserializer().deserialize(store, kv.key().get()),
                Serdes.Long().deserializer().deserialize(store, kv.value()));
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** The partitions of a topic of this test (all created with two). */
  private static List<TopicPartition> partitions(String topic) {
    return List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
  }
}
