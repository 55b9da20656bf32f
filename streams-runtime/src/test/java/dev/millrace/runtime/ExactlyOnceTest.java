package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.Log;
import dev.millrace.log.ProducerFencedException;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.internal.ContextualProcessor;
import dev.millrace.streams.processor.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream thread that fails in the middle of a commit interval leaves nothing visible to
 * read_committed readers: after a restart, every input record is reflected exactly once in the
 * outputs and in the aggregates. The same scenario at least once shows duplicates, proving the
 * test can tell the two apart.
 */
class ExactlyOnceTest {
  private static final int RECORDS = 4000;
  private static final String APP = "eos";

  private static Topology topology(AtomicBoolean poisonArmed) {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, Long> in = b.stream("in", Consumed.with(Serdes.String(), Serdes.Long()));
    // commits (on request) after the first quarter, then fails once in the middle: the failure
    // comes after many flushed rounds of output that no commit covers
    in.process(() -> new ContextualProcessor<String, Long, String, Long>() {
      @Override
      public void process(Record<String, Long> r) {
        if (r.value() == RECORDS / 4) {
          context().commit();
        }
        if (r.value() == RECORDS / 2 && poisonArmed.getAndSet(false)) {
          throw new IllegalStateException("injected crash at record " + r.value());
        }
        context().forward(r);
      }
    }).to("copy", Produced.with(Serdes.String(), Serdes.Long()));
    in.groupByKey().count(Materialized.as("counts")).toStream()
        .to("counts-out", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  private static List<Long> run(ProcessingGuarantee guarantee, Map<String, Long> countsOut)
      throws Exception {
    try (InMemoryLog log = InMemoryLog.create()) {
      for (String t : List.of("in", "copy", "counts-out")) {
        log.createTopic(t, TopicConfig.partitions(2));
      }
      List<Map.Entry<String, Long>> input = new ArrayList<>();
      for (long i = 0; i < RECORDS; i++) {
        input.add(new AbstractMap.SimpleEntry<>("k" + (i % 13), i));
      }
      RuntimeFixture.produce(log, "in", input, Serdes.String().serializer(),
          Serdes.Long().serializer(), 1L);
      StreamsConfig config = StreamsConfig.builder(APP).processingGuarantee(guarantee)
          .commitInterval(Duration.ofSeconds(60)).maxPollRecords(100).build();
      AtomicBoolean poison = new AtomicBoolean(true);

      Streams crashing = new Streams(topology(poison), config, log);
      crashing.setUncaughtExceptionHandler(e -> { });
      crashing.start();
      assertTrue(crashing.awaitState(Streams.State.ERROR, Duration.ofSeconds(30)));
      crashing.close(Duration.ofSeconds(10));

      Streams restarted = new Streams(topology(poison), StreamsConfig.builder(APP)
          .processingGuarantee(guarantee).commitInterval(Duration.ofMillis(10)).build(), log);
      restarted.start();
      RuntimeFixture.awaitCaughtUp(log, APP, Set.of("in"), Duration.ofSeconds(60));
      assertTrue(restarted.close(Duration.ofSeconds(30)));

      countsOut.putAll(RuntimeFixture.readAsTable(log, "counts-out",
          Serdes.String().deserializer(), Serdes.Long().deserializer()));
      List<Long> copy = new ArrayList<>();
      for (StoredRecord r : RuntimeFixture.readAll(log, "copy")) {
        copy.add(Serdes.Long().deserializer().deserialize("copy", r.value()));
      }
      copy.sort(null);
      return copy;
    }
  }

  private static Map<String, Long> expectedCounts() {
    Map<String, Long> counts = new HashMap<>();
    for (long i = 0; i < RECORDS; i++) {
      counts.merge("k" + (i % 13), 1L, Long::sum);
    }
    return counts;
  }

  @Test
  void exactlyOnceSurvivesAFailedThreadWithoutDuplicates() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    List<Long> copy = run(ProcessingGuarantee.EXACTLY_ONCE, counts);
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < RECORDS; i++) {
      expected.add(i);
    }
    assertEquals(expected, copy);
    assertEquals(new TreeMap<>(expectedCounts()), counts);
  }

  @Test
  void atLeastOnceDuplicatesWhatWasWrittenBeforeTheFailure() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    List<Long> copy = run(ProcessingGuarantee.AT_LEAST_ONCE, counts);
    assertTrue(copy.size() > RECORDS, "expected duplicates, got " + copy.size() + " records");
    assertEquals(Set.copyOf(copy).size(), RECORDS);
    // aggregates are still right: uncommitted store writes never reached the store
    assertEquals(new TreeMap<>(expectedCounts()), counts);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "file"})
  void aSecondInstanceFencesTheFirstWhichThenStops(String logKind, @TempDir Path dir)
      throws Exception {
    try (Log log = logKind.equals("memory") ? InMemoryLog.create()
        : FileLog.open(dir.resolve("log"))) {
      for (String t : List.of("in", "copy", "counts-out")) {
        log.createTopic(t, TopicConfig.partitions(2));
      }
      StreamsConfig config = StreamsConfig.builder(APP).stateDir(dir.resolve("state"))
          .commitInterval(Duration.ofMillis(10)).build();
      AtomicBoolean disarmed = new AtomicBoolean(false);
      Streams first = new Streams(topology(disarmed), config, log);
      AtomicReference<Throwable> firstFailure = new AtomicReference<>();
      first.setUncaughtExceptionHandler(firstFailure::set);
      first.start();
      assertTrue(first.awaitState(Streams.State.RUNNING, Duration.ofSeconds(30)));
      Streams second = new Streams(topology(disarmed), config, log);
      second.start();
      assertTrue(second.awaitState(Streams.State.RUNNING, Duration.ofSeconds(30)));

      List<Map.Entry<String, Long>> input = new ArrayList<>();
      for (long i = 0; i < 100; i++) {
        input.add(new AbstractMap.SimpleEntry<>("k" + (i % 7), i));
      }
      RuntimeFixture.produce(log, "in", input, Serdes.String().serializer(),
          Serdes.Long().serializer(), 1L);
      assertTrue(first.awaitState(Streams.State.ERROR, Duration.ofSeconds(30)));
      Throwable failure = firstFailure.get();
      assertTrue(failure instanceof StreamsException
          && failure.getCause() instanceof ProducerFencedException
          && failure.getMessage().contains("'" + APP + "-0_")
          && failure.getMessage().contains("another instance"), String.valueOf(failure));
      // the fenced instance stopped: its threads are gone, so it cannot write anything more
      assertTrue(first.close(Duration.ofSeconds(10)));
      RuntimeFixture.awaitCaughtUp(log, APP, Set.of("in"), Duration.ofSeconds(30));
      assertTrue(second.close(Duration.ofSeconds(30)));
      // each input record copied once: nothing from the fenced instance became visible
      assertEquals(100, RuntimeFixture.readAll(log, "copy").size());
      assertEquals(new TreeMap<>(Map.of("k0", 15L, "k1", 15L, "k2", 14L, "k3", 14L, "k4", 14L,
          "k5", 14L, "k6", 14L)), new TreeMap<>(RuntimeFixture.readAsTable(log, "counts-out",
          Serdes.String().deserializer(), Serdes.Long().deserializer())));
    }
  }
}
