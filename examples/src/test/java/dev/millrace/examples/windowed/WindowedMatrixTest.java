package dev.millrace.examples.windowed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.Partitioner;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.Streams;
import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.KGroupedStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.SessionWindows;
import dev.millrace.streams.kstream.SlidingWindows;
import dev.millrace.streams.kstream.TimeWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.kstream.WindowedSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Windowed results (tumbling, hopping, sliding, session, emit on close) through the real runtime
 * are the same with 1 or 4 partitions, cache on or off, in-memory or RocksDB window and session
 * stores, and with a restart in the middle. The input is out of order but within the grace
 * period, so no record is late whichever task sees it. (Here, not in streams-testkit, because
 * this module has the RocksDB engine on its classpath.)
 */
class WindowedMatrixTest {
  record Rec(String key, int value, long ts) {}

  record W(String key, long start, long end) {
    static W of(Windowed<String> w) {
      return new W(w.key(), w.startMs(), w.endMs());
    }
  }

  record Agg(long count, long sum) {}

  /** Each record added to every window [s, s + size) containing it (nothing is late here). */
  static Map<W, Agg> timeWindowReference(List<Rec> recs, long size, long advance, long grace) {
    Map<W, Agg> out = new HashMap<>();
    for (Rec r : recs) {
      for (long s = 0; s <= r.ts(); s += advance) {
        if (s + size > r.ts()) {
          out.merge(new W(r.key(), s, s + size), new Agg(1, r.value()),
              (a, b) -> new Agg(a.count() + b.count(), a.sum() + b.sum()));
        }
      }
    }
    return out;
  }

  /** Sliding-window counts by definition (left window of each record, right if followed). */
  static Map<W, Long> slidingReference(List<Rec> recs, long diff) {
    Map<String, List<Long>> times = new TreeMap<>();
    recs.forEach(r -> times.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.ts()));
    Map<W, Long> out = new HashMap<>();
    times.forEach((key, ts) -> {
      for (long t : ts) {
        List<Long> starts = new ArrayList<>(List.of(t - diff));
        if (ts.stream().anyMatch(o -> o > t && o <= t + 1 + diff)) {
          starts.add(t + 1);
        }
        for (long s : starts) {
          out.put(new W(key, s, s + diff), ts.stream().filter(o -> o >= s && o <= s + diff)
              .count());
        }
      }
    });
    return out;
  }

  /** Per key: records sorted by time, split where two neighbours are more than gap apart. */
  static Map<W, Agg> sessionReference(List<Rec> recs, long gap, long grace) {
    Map<String, List<Rec>> byKey = new TreeMap<>();
    recs.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
    Map<W, Agg> out = new HashMap<>();
    byKey.forEach((key, list) -> {
      list.sort(Comparator.comparingLong(Rec::ts));
      int i = 0;
      while (i < list.size()) {
        int j = i;
        long sum = list.get(i).value();
        while (j + 1 < list.size() && list.get(j + 1).ts() - list.get(j).ts() <= gap) {
          j++;
          sum += list.get(j).value();
        }
        out.put(new W(key, list.get(i).ts(), list.get(j).ts()), new Agg(j - i + 1, sum));
        i = j + 1;
      }
    });
    return out;
  }
  private static final String APP = "windowed-matrix";
  private static final int RECORDS = 1500;
  private static final long GRACE = 400;

  static Stream<Arguments> matrix() {
    List<Arguments> args = new ArrayList<>();
    for (int partitions : new int[] {1, 4}) {
      for (long cache : new long[] {0, 1 << 20}) {
        for (StoreType type : StoreType.values()) {
          for (boolean restart : new boolean[] {false, true}) {
            args.add(Arguments.of(partitions, cache, type, restart));
          }
        }
      }
    }
    return args.stream();
  }

  static Topology topology(StoreType type) {
    StreamsBuilder b = new StreamsBuilder();
    KGroupedStream<String, Integer> g = b.stream("in",
        Consumed.with(Serdes.String(), Serdes.Integer())).groupByKey();
    g.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(100), Duration.ofMillis(GRACE)))
        .count(Materialized.<String, Long>as("tumbling").withStoreType(type))
        .toStream().to("tumbling-out", Produced.with(null, Serdes.Long()));
    g.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(500), Duration.ofMillis(GRACE))
            .advanceBy(Duration.ofMillis(100)))
        .aggregate(() -> 0L, (k, v, a) -> a + v,
            Materialized.<String, Long>as("hopping").withValueSerde(Serdes.Long())
                .withStoreType(type))
        .toStream().to("hopping-out", Produced.with(null, Serdes.Long()));
    g.windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(30),
            Duration.ofMillis(GRACE)))
        .count(Materialized.<String, Long>as("sessions").withStoreType(type))
        .toStream().to("session-out", Produced.with(null, Serdes.Long()));
    g.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(20),
            Duration.ofMillis(GRACE)))
        .count(Materialized.<String, Long>as("sliding").withStoreType(type))
        .toStream().to("sliding-out", Produced.with(null, Serdes.Long()));
    g.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(100), Duration.ofMillis(GRACE)))
        .emitStrategy(EmitStrategy.onWindowClose())
        .count(Materialized.<String, Long>as("final").withStoreType(type))
        .toStream().to("final-out", Produced.with(null, Serdes.Long()));
    return b.build();
  }

  static List<Rec> input(long seed) {
    Random r = new Random(seed);
    List<Rec> in = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      in.add(new Rec("k" + r.nextInt(12), r.nextInt(100), i * 7L + r.nextInt((int) GRACE)));
    }
    return in;
  }

  @ParameterizedTest(name = "partitions={0} cache={1} {2} restart={3}")
  @MethodSource("matrix")
  void sameWindowsEverywhere(int partitions, long cache, StoreType type, boolean restart)
      throws Exception {
    List<Rec> in = input(partitions * 31L + cache + type.ordinal() * 7L + (restart ? 1 : 0));
    Path stateDir = Files.createTempDirectory("windowed-matrix-");
    StreamsConfig config = StreamsConfig.builder(APP)
        .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
        .cacheMaxBytes(cache)
        .commitInterval(Duration.ofMillis(20))
        .maxPollRecords(200)
        .stateDir(stateDir)
        .build();
    try (InMemoryLog log = InMemoryLog.create()) {
      for (String t : List.of("in", "tumbling-out", "hopping-out", "session-out", "sliding-out",
          "final-out")) {
        log.createTopic(t, TopicConfig.partitions(partitions));
      }
      if (restart) {
        produce(log, in.subList(0, RECORDS / 2));
        Streams first = new Streams(topology(type), config, log);
        first.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (first.metrics().recordsProcessed() < RECORDS / 4 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        assertTrue(first.close(Duration.ofSeconds(30)));
        produce(log, in.subList(RECORDS / 2, RECORDS));
      } else {
        produce(log, in);
      }
      Streams streams = new Streams(topology(type), config, log);
      streams.start();
      awaitCaughtUp(log, partitions);
      // interactive query: window stores read through Windowed keys, merged across tasks. A
      // query shows what the stores applied, which follows the commit of the offsets awaited
      // above (the store takes a commit's writes once its transaction committed): wait for it.
      Rec first = in.get(0);
      long start = first.ts() - first.ts() % 100;
      W probe = new W(first.key(), start, start + 100);
      Long expected = timeWindowReference(in, 100, 100, GRACE).get(probe).count();
      Windowed<String> window = new Windowed<>(first.key(), start, start + 100);
      long queryDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      Long queried = streams.<Windowed<String>, Long>store("tumbling").get(window);
      while (!expected.equals(queried) && System.nanoTime() < queryDeadline) {
        Thread.sleep(5);
        queried = streams.<Windowed<String>, Long>store("tumbling").get(window);
      }
      assertEquals(expected, queried);
      assertTrue(streams.close(Duration.ofSeconds(30)));
      assertEquals(0, streams.metrics().recordsSkipped(), "no record is late");

      Map<W, Long> counts = new HashMap<>();
      Map<W, Long> sums = new HashMap<>();
      timeWindowReference(in, 100, 100, GRACE)
          .forEach((w, a) -> counts.put(w, a.count()));
      timeWindowReference(in, 500, 100, GRACE)
          .forEach((w, a) -> sums.put(w, a.sum()));
      assertEquals(counts, table(log, "tumbling-out"));
      assertEquals(sums, table(log, "hopping-out"));
      Map<W, Long> sessions = new HashMap<>();
      sessionReference(in, 30, GRACE)
          .forEach((w, a) -> sessions.put(w, a.count()));
      assertEquals(sessions, table(log, "session-out"));
      assertEquals(slidingReference(in, 20), table(log, "sliding-out"));

      // final results: one per closed window (stream time differs per task with 4 partitions,
      // so compare each emitted window with the reference, and count duplicates)
      List<Map.Entry<W, Long>> finals = records(log, "final-out");
      Map<W, Long> seen = new HashMap<>();
      for (Map.Entry<W, Long> e : finals) {
        assertEquals(null, seen.put(e.getKey(), e.getValue()), "emitted twice: " + e.getKey());
        assertEquals(counts.get(e.getKey()), e.getValue(), "final value of " + e.getKey());
      }
      long maxTs = in.stream().mapToLong(Rec::ts).max().orElseThrow();
      long closedEverywhere = counts.keySet().stream()
          .filter(w -> w.end() + GRACE <= maxTs - 2 * GRACE - 100 * 12).count();
      assertTrue(seen.size() >= closedEverywhere, seen.size() + " < " + closedEverywhere);
    } finally {
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void produce(Log log, List<Rec> recs) {
    int n = log.describeTopic("in").partitions();
    Map<Integer, List<LogRecord>> byPartition = new TreeMap<>();
    for (Rec r : recs) {
      byte[] k = Serdes.String().serializer().serialize("in", r.key());
      byPartition.computeIfAbsent(Partitioner.keyHashPartition(k, n), x -> new ArrayList<>())
          .add(LogRecord.of(k, Serdes.Integer().serializer().serialize("in", r.value()), r.ts()));
    }
    byPartition.forEach((p, l) -> log.append(new TopicPartition("in", p), l));
  }

  private static void awaitCaughtUp(Log log, int partitions) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition("in", p));
    }
    while (true) {
      Map<TopicPartition, Long> committed = log.committedOffsets(APP, tps);
      boolean done = true;
      for (TopicPartition tp : tps) {
        done &= committed.getOrDefault(tp, 0L) >= log.endOffset(tp);
      }
      if (done) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "did not catch up: " + committed);
      Thread.sleep(5);
    }
  }

  private static List<Map.Entry<W, Long>> records(Log log, String topic) {
    Deserializer<Windowed<String>> kd = WindowedSerdes.windowed(Serdes.String()).deserializer();
    List<Map.Entry<W, Long>> out = new ArrayList<>();
    for (int p = 0; p < log.describeTopic(topic).partitions(); p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      long pos = log.beginningOffset(tp);
      while (true) {
        ReadResult r = log.read(tp, pos, 10_000, Integer.MAX_VALUE,
            IsolationLevel.READ_COMMITTED);
        if (r.nextOffset() == pos) {
          break;
        }
        for (StoredRecord s : r.records()) {
          out.add(new java.util.AbstractMap.SimpleEntry<>(W.of(kd.deserialize(topic, s.key())),
              Serdes.Long().deserializer().deserialize(topic, s.value())));
        }
        pos = r.nextOffset();
      }
    }
    return out;
  }

  private static Map<W, Long> table(Log log, String topic) {
    Map<W, Long> t = new HashMap<>();
    for (Map.Entry<W, Long> e : records(log, topic)) {
      if (e.getValue() == null) {
        t.remove(e.getKey());
      } else {
        t.put(e.getKey(), e.getValue());
      }
    }
    return t;
  }
}
