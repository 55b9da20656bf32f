package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Produced;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamsLifecycleTest {
  private static StreamsBuilder doubling() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.Long()))
        .mapValues(v -> {
          if (v < 0) {
            throw new IllegalArgumentException("negative amount " + v);
          }
          return v * 2;
        })
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    return b;
  }

  private static InMemoryLog log() {
    InMemoryLog log = InMemoryLog.create();
    log.createTopic("in", TopicConfig.partitions(2));
    log.createTopic("out", TopicConfig.partitions(2));
    return log;
  }

  @Test
  void statesFollowTheLifecycleAndMetricsCount() throws Exception {
    try (InMemoryLog log = log()) {
      Streams streams = new Streams(doubling().build(), StreamsConfig.builder("life")
          .numStreamThreads(2).commitInterval(Duration.ofMillis(10)).build(), log);
      List<Streams.State> states = new CopyOnWriteArrayList<>();
      streams.setStateListener((n, o) -> states.add(n));
      assertEquals(Streams.State.CREATED, streams.state());
      streams.start();
      assertThrows(IllegalStateException.class, streams::start);
      assertTrue(streams.awaitState(Streams.State.RUNNING, Duration.ofSeconds(30)));
      RuntimeFixture.produce(log, "in", List.<Map.Entry<String, Long>>of(
              new AbstractMap.SimpleEntry<>("a", 1L), new AbstractMap.SimpleEntry<>("b", 2L)),
          Serdes.String().serializer(), Serdes.Long().serializer(), 5L);
      RuntimeFixture.awaitCaughtUp(log, "life", Set.of("in"), Duration.ofSeconds(30));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      assertEquals(List.of(Streams.State.STARTING, Streams.State.RUNNING,
          Streams.State.PENDING_SHUTDOWN, Streams.State.NOT_RUNNING), states);
      assertEquals(Map.of("a", 2L, "b", 4L), RuntimeFixture.readAsTable(log, "out",
          Serdes.String().deserializer(), Serdes.Long().deserializer()));
      StreamsMetrics m = streams.metrics();
      assertEquals(2, m.recordsProcessed());
      assertEquals(0, m.recordsSkipped());
      assertTrue(m.commits() > 0 && m.commitLatencyMaxNanos() >= m.commitLatencyAvgNanos());
    }
  }

  @Test
  void aFailingThreadReportsThePositionAndStopsTheApplication() throws Exception {
    try (InMemoryLog log = log()) {
      Streams streams = new Streams(doubling().build(), StreamsConfig.builder("fail").build(),
          log);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      streams.setUncaughtExceptionHandler(failure::set);
      streams.start();
      log.append(new dev.millrace.log.TopicPartition("in", 1), List.of(
          dev.millrace.log.LogRecord.of(Serdes.String().serializer().serialize("in", "k"),
              Serdes.Long().serializer().serialize("in", -5L), 1L)));
      assertTrue(streams.awaitState(Streams.State.ERROR, Duration.ofSeconds(30)));
      assertTrue(failure.get() instanceof StreamsException, String.valueOf(failure.get()));
      assertTrue(failure.get().getMessage().contains("in-1 at offset 0"),
          failure.get().getMessage());
      streams.close(Duration.ofSeconds(10));
      assertEquals(Streams.State.ERROR, streams.state());
    }
  }

  @Test
  void cleanUpDeletesTheApplicationsLocalStateOnlyWhenStopped(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path appDir = dir.resolve("clean").resolve("0_0").resolve("store");
    java.nio.file.Files.createDirectories(appDir);
    java.nio.file.Files.writeString(appDir.resolve("data"), "x");
    java.nio.file.Files.createDirectories(dir.resolve("other-app"));
    try (InMemoryLog log = log()) {
      Streams streams = new Streams(doubling().build(),
          StreamsConfig.builder("clean").stateDir(dir).build(), log);
      streams.start();
      assertThrows(IllegalStateException.class, streams::cleanUp);
      streams.close(Duration.ofSeconds(10));
      streams.cleanUp();
      assertTrue(java.nio.file.Files.notExists(dir.resolve("clean")));
      assertTrue(java.nio.file.Files.exists(dir.resolve("other-app")));
      streams.cleanUp();
    }
  }

  @Test
  void inputDeletedBeforeItWasReadIsSkippedToTheOldestRecordLeft() throws Exception {
    try (InMemoryLog log = log()) {
      List<Map.Entry<String, Long>> first = new java.util.ArrayList<>();
      for (long i = 0; i < 10; i++) {
        first.add(new AbstractMap.SimpleEntry<>("k", i));
      }
      RuntimeFixture.produce(log, "in", first, Serdes.String().serializer(),
          Serdes.Long().serializer(), 1L);
      int p = dev.millrace.clients.Partitioner.keyHashPartition(
          Serdes.String().serializer().serialize("in", "k"), 2);
      TopicPartition tp = new TopicPartition("in", p);
      // the group committed offset 2, then retention removed everything below 6
      log.commitOffsets("gap", Map.of(tp, 2L));
      log.deleteRecordsBefore(tp, 6);
      Streams streams = new Streams(doubling().build(), StreamsConfig.builder("gap")
          .commitInterval(Duration.ofMillis(5)).build(), log);
      streams.start();
      RuntimeFixture.awaitCaughtUp(log, "gap", Set.of("in"), Duration.ofSeconds(30));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      List<Long> out = new java.util.ArrayList<>();
      for (var r : RuntimeFixture.readAll(log, "out")) {
        out.add(Serdes.Long().deserializer().deserialize("out", r.value()));
      }
      assertEquals(List.of(12L, 14L, 16L, 18L), out);
    }
  }

  @Test
  void moreThreadsThanTasksLeavesSomeIdleAndStillRunsAndStops() throws Exception {
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("in", TopicConfig.partitions(1));
      log.createTopic("out", TopicConfig.partitions(1));
      Streams streams = new Streams(doubling().build(), StreamsConfig.builder("idle")
          .numStreamThreads(4).commitInterval(Duration.ofMillis(5)).build(), log);
      streams.start();
      assertTrue(streams.awaitState(Streams.State.RUNNING, Duration.ofSeconds(30)));
      RuntimeFixture.produce(log, "in", List.<Map.Entry<String, Long>>of(
              new AbstractMap.SimpleEntry<>("a", 21L)), Serdes.String().serializer(),
          Serdes.Long().serializer(), 1L);
      RuntimeFixture.awaitCaughtUp(log, "idle", Set.of("in"), Duration.ofSeconds(30));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      assertEquals(Map.of("a", 42L), RuntimeFixture.readAsTable(log, "out",
          Serdes.String().deserializer(), Serdes.Long().deserializer()));
    }
  }

  @Test
  void startFailsClearlyWhenTheTopologyDoesNotFitTheLog() {
    try (InMemoryLog log = InMemoryLog.create()) {
      Streams streams = new Streams(doubling().build(), StreamsConfig.builder("x").build(), log);
      var e = assertThrows(dev.millrace.streams.TopologyException.class, streams::start);
      assertTrue(e.getMessage().contains("'in'"), e.getMessage());
    }
  }
}
