package dev.millrace.testkit;

import dev.millrace.log.Log;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.StreamsMetrics;
import dev.millrace.runtime.internal.CommitSinks;
import dev.millrace.runtime.internal.QueryableStores;
import dev.millrace.runtime.internal.StoreEngines;
import dev.millrace.runtime.internal.StreamLoop;
import dev.millrace.runtime.internal.ThreadMetrics;
import dev.millrace.runtime.internal.Time;
import dev.millrace.runtime.internal.TopologyPlan;
import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serializer;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.internal.InternalTopology;
import dev.millrace.streams.internal.SinkDef;
import dev.millrace.streams.internal.SourceDef;
import dev.millrace.streams.internal.SubTopologyDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs a topology synchronously and deterministically, for unit tests: records piped into a
 * {@link TestInputTopic} are processed completely before the call returns, and results are read
 * from {@link TestOutputTopic}s and from stores.
 *
 * <p>It is the real runtime, not a model of it: the topology is compiled by the runtime, runs as
 * tasks in one stream loop over an in-memory log, with the runtime's caches, changelogs,
 * repartition topics and commits. Every source and sink topic is created with one partition, so
 * each sub-topology has exactly one task. After each pipe the driver commits, so caches are
 * flushed and table updates reach the output; updates piped in one batch
 * ({@link TestInputTopic#pipeKeyValueList}) collapse per key as between two commits. Persistent
 * stores (if a persistent engine is on the classpath) live in a fresh temporary state directory,
 * deleted by {@link #close()}.
 *
 * <pre>{@code
 * try (TopologyTestDriver driver = new TopologyTestDriver(topology, config)) {
 *   TestInputTopic<String, Long> in = driver.createInputTopic("in", stringSer, longSer);
 *   TestOutputTopic<String, Long> out = driver.createOutputTopic("out", stringDe, longDe);
 *   in.pipeInput("a", 1L);
 *   assertEquals(KeyValue.pair("a", 1L), out.readKeyValue());
 * }
 * }</pre>
 */
public final class TopologyTestDriver implements AutoCloseable {
  private static final int MAX_DRAIN_ROUNDS = 10_000;

  private final InMemoryLog log = InMemoryLog.create();
  private final long initialWallClock;
  private long wallClock;
  private final StoreEngines engines;
  private final StreamLoop loop;
  private final Path stateDir;
  private boolean closed;

  /** A driver whose wall clock starts at 0. */
  public TopologyTestDriver(Topology topology, StreamsConfig config) {
    this(topology, config, Instant.EPOCH);
  }

  /**
   * @throws dev.millrace.streams.TopologyException if the topology lacks serdes or is otherwise
   *     unrunnable
   */
  public TopologyTestDriver(Topology topology, StreamsConfig config, Instant initialWallClock) {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(config, "config");
    try {
      this.stateDir = Files.createTempDirectory("millrace-test-driver-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory for the test driver", e);
    }
    this.initialWallClock = initialWallClock.toEpochMilli();
    this.wallClock = this.initialWallClock;
    StoreEngines createdEngines = null;
    try {
      // every piped record is processed at once: the driver never waits for other inputs
      StreamsConfig driverConfig = config.toBuilder().stateDir(stateDir)
          .maxTaskIdle(Duration.ZERO).build();
      createdEngines = StoreEngines.create(StoreEngines.discover(),
          driverConfig.storeEngineSettings());
      this.engines = createdEngines;
      this.loop = start(topology, driverConfig);
    } catch (RuntimeException e) {
      if (createdEngines != null) {
        createdEngines.close();
      }
      log.close();
      deleteRecursively(stateDir);
      throw e;
    }
  }

  private StreamLoop start(Topology topology, StreamsConfig config) {
    if (!(topology instanceof InternalTopology internal)) {
      throw new IllegalArgumentException("the topology must come from StreamsBuilder.build()");
    }
    for (SubTopologyDef st : internal.subTopologies()) {
      for (SourceDef s : st.sources()) {
        if (!s.internal()) {
          s.topics().forEach(this::ensureTopic);
        }
      }
      for (SinkDef s : st.sinks()) {
        if (!s.internal() && s.topic() != null) {
          ensureTopic(s.topic());
        }
      }
    }
    TopologyPlan plan = TopologyPlan.create(topology, config, log);
    plan.createTopics(log);
    engines.checkAvailable(internal.stores().values());
    long stores = internal.subTopologies().stream().mapToLong(st -> st.stores().size()).sum();
    long cachePerStore = config.cacheMaxBytes() / Math.max(1, stores);
    Time time = () -> wallClock;
    StreamLoop created = new StreamLoop("test-driver", config, log, plan, plan.tasks(), engines,
        CommitSinks.forConfig(config, log), time, cachePerStore, new QueryableStores());
    created.initialize();
    return created;
  }

  private void ensureTopic(String topic) {
    if (!log.listTopics().contains(topic)) {
      log.createTopic(topic, TopicConfig.partitions(1));
    }
  }

  /** An input topic (created with one partition if the topology does not read it). */
  public <K, V> TestInputTopic<K, V> createInputTopic(String topic, Serializer<K> keySerializer,
      Serializer<V> valueSerializer) {
    checkOpen();
    ensureTopic(topic);
    return new TestInputTopic<>(this, topic, keySerializer, valueSerializer, initialWallClock);
  }

  /**
   * An output topic; create those that a topic name extractor picks before piping records to
   * them.
   */
  public <K, V> TestOutputTopic<K, V> createOutputTopic(String topic,
      Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
    checkOpen();
    ensureTopic(topic);
    return new TestOutputTopic<>(log, topic, keyDeserializer, valueDeserializer);
  }

  /** Moves the wall clock, fires due wall-clock punctuations, and processes what they caused. */
  public void advanceWallClockTime(Duration advance) {
    checkOpen();
    if (advance.isNegative()) {
      throw new IllegalArgumentException("advance must not be negative, got " + advance);
    }
    wallClock += advance.toMillis();
    loop.punctuateWallClock();
    drain();
  }

  /**
   * The named store, as the topology's processors see it (uncommitted writes included), or null
   * if there is none.
   */
  public <K, V> KeyValueStore<K, V> getKeyValueStore(String name) {
    checkOpen();
    return loop.store(name);
  }

  /** The in-memory log underneath, e.g. to inspect changelog or repartition topics. */
  public Log log() {
    return log;
  }

  /** Counters of the driver's stream loop. */
  public StreamsMetrics metrics() {
    return ThreadMetrics.snapshot(java.util.List.of(loop.metrics()));
  }

  /** Processes everything readable, committing until no more records appear (repartitions). */
  void drain() {
    checkOpen();
    for (int round = 0; round < MAX_DRAIN_ROUNDS; round++) {
      int processed = 0;
      int n;
      do {
        n = loop.runOnce();
        processed += n;
      } while (n > 0 || loop.hasBuffered());
      loop.commit();
      if (processed == 0 && loop.runOnce() == 0 && !loop.hasBuffered()) {
        return;
      }
    }
    throw new IllegalStateException("the topology keeps producing records for itself after "
        + MAX_DRAIN_ROUNDS + " rounds; is there a cycle through a topic?");
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the test driver is closed");
    }
  }

  /** Commits, closes the tasks and the log. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      loop.close(true);
    } finally {
      engines.close();
      log.close();
      deleteRecursively(stateDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the test driver's state directory " + dir, e);
    }
  }
}
