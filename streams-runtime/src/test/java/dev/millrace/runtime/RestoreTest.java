package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store recovery against the changelog: a store level with its changelog is used as is, one behind
 * replays only the tail, one ahead (or otherwise inconsistent) is destroyed and rebuilt.
 */
class RestoreTest {
  private static final String APP = "restore";
  private static final TopicPartition CHANGELOG = new TopicPartition(APP + "-counts-changelog", 0);
  private static final String STORE = "0_0/counts";

  @TempDir
  Path stateDir;

  private static Topology counting() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String())).groupByKey()
        .count(Materialized.as("counts")).toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  private void run(InMemoryLog log, RetainingStoreEngine engine, String... keys)
      throws Exception {
    RuntimeFixture.produce(log, "in", java.util.Arrays.stream(keys)
            .map(k -> (Map.Entry<String, String>) new AbstractMap.SimpleEntry<>(k, "x")).toList(),
        Serdes.String().serializer(), Serdes.String().serializer(), 1L);
    // at least once, the changelog holds no transaction markers, so a store that committed
    // everything has its checkpoint exactly at the changelog's end offset
    Streams streams = new Streams(counting(), StreamsConfig.builder(APP).stateDir(stateDir)
        .processingGuarantee(ProcessingGuarantee.AT_LEAST_ONCE)
        .commitInterval(Duration.ofMillis(5)).build(), log, List.of(engine));
    streams.start();
    RuntimeFixture.awaitCaughtUp(log, APP, Set.of("in"), Duration.ofSeconds(30));
    assertTrue(streams.close(Duration.ofSeconds(30)));
  }

  private static Map<String, Long> out(InMemoryLog log) {
    return RuntimeFixture.readAsTable(log, "out", Serdes.String().deserializer(),
        Serdes.Long().deserializer());
  }

  private static InMemoryLog log() {
    InMemoryLog log = InMemoryLog.create();
    log.createTopic("in", TopicConfig.partitions(1));
    log.createTopic("out", TopicConfig.partitions(1));
    return log;
  }

  @Test
  void aStoreLevelWithItsChangelogIsUsedAsIs() throws Exception {
    RetainingStoreEngine engine = new RetainingStoreEngine();
    try (InMemoryLog log = log()) {
      run(log, engine, "a", "b", "a");
      assertEquals(log.endOffset(CHANGELOG), engine.data.get(STORE).checkpoint);
      engine.events.clear();
      run(log, engine, "a");
      assertEquals(List.of(), engine.events);
      assertEquals(Map.of("a", 3L, "b", 1L), out(log));
    }
  }

  @Test
  void aStoreBehindItsChangelogReplaysOnlyTheTail() throws Exception {
    RetainingStoreEngine engine = new RetainingStoreEngine();
    try (InMemoryLog log = log()) {
      run(log, engine, "a", "b");
      // as if the last run crashed after appending to the changelog, before the store commit
      log.append(CHANGELOG, List.of(LogRecord.of(
          Serdes.String().serializer().serialize("t", "a"),
          Serdes.Long().serializer().serialize("t", 100L), 1L)));
      engine.events.clear();
      run(log, engine, "a");
      assertEquals(List.of("restore " + STORE + " 1"), engine.events);
      assertEquals(101L, out(log).get("a"));
    }
  }

  @Test
  void aStoreAheadOfItsChangelogIsRebuilt() throws Exception {
    RetainingStoreEngine engine = new RetainingStoreEngine();
    try (InMemoryLog log = log()) {
      run(log, engine, "a", "b", "b");
      long end = log.endOffset(CHANGELOG);
      engine.data.get(STORE).checkpoint = end + 50;
      engine.data.get(STORE).map.clear();
      engine.events.clear();
      run(log, engine, "b");
      assertEquals(List.of("destroy " + STORE, "restore " + STORE + " " + end), engine.events);
      assertEquals(Map.of("a", 1L, "b", 3L), out(log));
    }
  }

  @Test
  void storesArePersistentByDefaultWhenAPersistentEngineIsAvailable() throws Exception {
    RetainingStoreEngine persistent = new RetainingStoreEngine();
    try (InMemoryLog log = log()) {
      RuntimeFixture.produce(log, "in", List.<Map.Entry<String, String>>of(
              new AbstractMap.SimpleEntry<>("k", "x")), Serdes.String().serializer(),
          Serdes.String().serializer(), 1L);
      Streams streams = new Streams(counting(), StreamsConfig.builder(APP).stateDir(stateDir)
          .commitInterval(Duration.ofMillis(5)).build(), log,
          List.of(new dev.millrace.state.memory.InMemoryStoreEngineProvider(), persistent));
      streams.start();
      RuntimeFixture.awaitCaughtUp(log, APP, Set.of("in"), Duration.ofSeconds(30));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      assertEquals(1, persistent.data.get(STORE).map.size());
    }
  }

  @Test
  void inMemoryStoresAreRebuiltFromTheChangelogOnEveryStart() throws Exception {
    try (InMemoryLog log = log()) {
      for (int i = 0; i < 3; i++) {
        RuntimeFixture.produce(log, "in", List.<Map.Entry<String, String>>of(
                new AbstractMap.SimpleEntry<>("k", "x")), Serdes.String().serializer(),
            Serdes.String().serializer(), 1L);
        Streams streams = new Streams(counting(), StreamsConfig.builder(APP)
            .commitInterval(Duration.ofMillis(5)).build(), log);
        streams.start();
        RuntimeFixture.awaitCaughtUp(log, APP, Set.of("in"), Duration.ofSeconds(30));
        assertTrue(streams.close(Duration.ofSeconds(30)));
      }
      assertEquals(Map.of("k", 3L), out(log));
    }
  }
}
