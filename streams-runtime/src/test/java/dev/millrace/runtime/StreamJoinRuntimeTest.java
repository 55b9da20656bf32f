package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.Partitioner;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.internal.CommitSink;
import dev.millrace.runtime.internal.CommitSinks;
import dev.millrace.runtime.internal.QueryableStores;
import dev.millrace.runtime.internal.StoreEngines;
import dev.millrace.runtime.internal.StreamLoop;
import dev.millrace.runtime.internal.TaskId;
import dev.millrace.runtime.internal.TopologyPlan;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.memory.InMemoryStoreEngineProvider;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Produced;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A windowed outer join through the real runtime: 3 partitions, 2 threads, exactly-once, stopped
 * and restarted in the middle (and, on one thread, crashed in the middle of a commit). Its read_committed output must hold every pair within the window
 * exactly once and every record without a partner exactly once with a null partner, whatever the
 * interleaving of the two topics and the restart. The grace period covers the whole input span,
 * so no record is late in any processing order; records far in the future, written once the
 * input is consumed, then move every task's stream time past every window.
 */
class StreamJoinRuntimeTest {
  private static final String APP = "ad-joins";
  private static final int PARTITIONS = 3;
  private static final int PER_SIDE = 600;
  private static final long SPAN = 20_000;
  private static final long WINDOW = 300;
  private static final long FAR_FUTURE = 1_000_000;

  record Rec(String key, String value, long ts) {}

  private static Topology topology() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions",
        Consumed.with(Serdes.String(), Serdes.String()));
    KStream<String, String> clicks = b.stream("clicks",
        Consumed.with(Serdes.String(), Serdes.String()));
    impressions.outerJoin(clicks, (i, c) -> (i == null ? "-" : i) + "|" + (c == null ? "-" : c),
            JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(WINDOW),
                Duration.ofMillis(SPAN)))
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    return b.build();
  }

  private static StreamsConfig config() {
    return StreamsConfig.builder(APP)
        .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
        .numStreamThreads(2)
        .commitInterval(Duration.ofMillis(20))
        .maxPollRecords(50)
        .build();
  }

  private static List<Rec> input(String prefix, Random random) {
    List<Rec> out = new ArrayList<>();
    for (int i = 0; i < PER_SIDE; i++) {
      out.add(new Rec("ad" + random.nextInt(40), prefix + i, random.nextLong(SPAN)));
    }
    return out;
  }

  /** Every pair within the window, and every record without one, as {@code key=value}. */
  private static Map<String, Integer> reference(List<Rec> impressions, List<Rec> clicks) {
    Map<String, Integer> out = new HashMap<>();
    for (Rec i : impressions) {
      boolean matched = false;
      for (Rec c : clicks) {
        if (i.key().equals(c.key()) && Math.abs(i.ts() - c.ts()) <= WINDOW) {
          out.merge(i.key() + "=" + i.value() + "|" + c.value(), 1, Integer::sum);
          matched = true;
        }
      }
      if (!matched) {
        out.merge(i.key() + "=" + i.value() + "|-", 1, Integer::sum);
      }
    }
    for (Rec c : clicks) {
      if (impressions.stream().noneMatch(i -> i.key().equals(c.key())
          && Math.abs(i.ts() - c.ts()) <= WINDOW)) {
        out.merge(c.key() + "=-|" + c.value(), 1, Integer::sum);
      }
    }
    return out;
  }

  private static void produce(InMemoryLog log, String topic, List<Rec> recs) {
    // one append per record keeps each record's own timestamp
    for (Rec r : recs) {
      RuntimeFixture.produce(log, topic,
          List.<Map.Entry<String, String>>of(new AbstractMap.SimpleEntry<>(r.key(), r.value())),
          Serdes.String().serializer(), Serdes.String().serializer(), r.ts());
    }
  }

  /** One far-future click per partition, so every task's stream time passes every window. */
  private static List<Rec> farFuture() {
    List<Rec> out = new ArrayList<>();
    Set<Integer> covered = new java.util.HashSet<>();
    for (int k = 0; covered.size() < PARTITIONS; k++) {
      String key = "flush" + k;
      int p = Partitioner.keyHashPartition(Serdes.String().serializer().serialize("clicks", key),
          PARTITIONS);
      if (covered.add(p)) {
        out.add(new Rec(key, "end" + p, FAR_FUTURE));
      }
    }
    return out;
  }

  @Test
  void outerJoinOutputIsExactlyTheReferenceAcrossARestart() throws Exception {
    Random random = new Random(42);
    List<Rec> impressions = input("i", random);
    List<Rec> clicks = input("c", random);
    try (InMemoryLog log = InMemoryLog.create()) {
      for (String t : List.of("impressions", "clicks", "out")) {
        log.createTopic(t, TopicConfig.partitions(PARTITIONS));
      }
      int half = PER_SIDE / 2;
      produce(log, "impressions", impressions.subList(0, half));
      produce(log, "clicks", clicks.subList(0, half));
      Streams first = new Streams(topology(), config(), log);
      first.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (first.metrics().recordsProcessed() < half / 2 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertTrue(first.close(Duration.ofSeconds(30)));

      produce(log, "impressions", impressions.subList(half, PER_SIDE));
      produce(log, "clicks", clicks.subList(half, PER_SIDE));
      Streams second = new Streams(topology(), config(), log);
      second.start();
      RuntimeFixture.awaitCaughtUp(log, APP, Set.of("impressions", "clicks"),
          Duration.ofSeconds(60));
      produce(log, "clicks", farFuture());
      RuntimeFixture.awaitCaughtUp(log, APP, Set.of("impressions", "clicks"),
          Duration.ofSeconds(60));
      assertTrue(second.close(Duration.ofSeconds(30)));
      assertEquals(0, second.metrics().recordsSkipped());

      Map<String, Integer> actual = output(log);
      Map<String, Integer> expected = reference(impressions, clicks);
      assertTrue(expected.keySet().stream().anyMatch(k -> k.endsWith("|-")),
          "the input has impressions without clicks");
      assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("=-|")),
          "the input has clicks without impressions");
      assertTrue(expected.keySet().stream().anyMatch(k -> !k.contains("-")),
          "the input has matches");
      assertEquals(expected, actual);
    }
  }

  private static Map<String, Integer> output(InMemoryLog log) {
    Map<String, Integer> actual = new HashMap<>();
    for (StoredRecord r : RuntimeFixture.readAll(log, "out")) {
      actual.merge(Serdes.String().deserializer().deserialize("out", r.key()) + "="
          + Serdes.String().deserializer().deserialize("out", r.value()), 1, Integer::sum);
    }
    return actual;
  }

  private static StreamLoop loop(InMemoryLog log, StreamsConfig config,
      Function<TaskId, CommitSink> sinks) {
    TopologyPlan plan = TopologyPlan.create(topology(), config, log);
    plan.createTopics(log);
    StreamLoop loop = new StreamLoop("join-crash", config, log, plan, plan.tasks(),
        StoreEngines.create(List.of(new InMemoryStoreEngineProvider()), Map.of()), sinks,
        System::currentTimeMillis, 1 << 20, new QueryableStores());
    loop.initialize();
    return loop;
  }

  private static void drain(StreamLoop loop) {
    do {
      while (loop.runOnce() > 0 || loop.hasBuffered()) {
        loop.commit();
      }
      loop.commit();
    } while (loop.runOnce() > 0 || loop.hasBuffered());
    loop.commit();
  }

  /**
   * The process dies in the middle of a commit (the loop is abandoned, not closed): after the
   * restart, buffers, unmatched flags and stream time are those of the last committed
   * transaction, and the output of the aborted one is never seen.
   */
  @ParameterizedTest
  @EnumSource(CommitCrashTest.CrashPoint.class)
  void outerJoinOutputIsExactlyTheReferenceAfterACrashDuringACommit(
      CommitCrashTest.CrashPoint point) {
    Random random = new Random(7 + point.ordinal());
    List<Rec> impressions = input("i", random);
    List<Rec> clicks = input("c", random);
    StreamsConfig config = StreamsConfig.builder(APP)
        .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
        .commitInterval(Duration.ofDays(1))
        .maxPollRecords(60)
        .build();
    try (InMemoryLog log = InMemoryLog.create()) {
      for (String t : List.of("impressions", "clicks", "out")) {
        log.createTopic(t, TopicConfig.partitions(PARTITIONS));
      }
      produce(log, "impressions", impressions);
      produce(log, "clicks", clicks);
      StreamLoop first = loop(log, config,
          CommitCrashTest.crashing(CommitSinks.forConfig(config, log), point, 8));
      assertThrows(IllegalStateException.class, () -> {
        while (true) {
          first.runOnce();
          first.commit();
        }
      });
      // no close, no abort: as if the process died

      StreamLoop second = loop(log, config, CommitSinks.forConfig(config, log));
      drain(second);
      produce(log, "clicks", farFuture());
      drain(second);
      second.close(true);
      assertEquals(reference(impressions, clicks), output(log));
    }
  }

  @Test
  void streamsWithDifferentPartitionCountsCannotBeJoined() {
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("impressions", TopicConfig.partitions(3));
      log.createTopic("clicks", TopicConfig.partitions(2));
      log.createTopic("out", TopicConfig.partitions(3));
      TopologyException e = assertThrows(TopologyException.class,
          () -> TopologyPlan.create(topology(), StreamsConfig.builder(APP).build(), log));
      assertTrue(e.getMessage().contains("not co-partitioned"), e.getMessage());
      assertTrue(e.getMessage().contains("impressions=3") && e.getMessage().contains("clicks=2"),
          e.getMessage());
      assertTrue(e.getMessage().contains("this-join-store"), e.getMessage());
    }
  }
}
