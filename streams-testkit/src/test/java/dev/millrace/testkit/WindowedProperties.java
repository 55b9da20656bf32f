package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.KGroupedStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.SessionWindows;
import dev.millrace.streams.kstream.SlidingWindows;
import dev.millrace.streams.kstream.TimeWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.kstream.WindowedSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Windowed aggregations through the driver against reference models over random, out-of-order
 * input piped in random batches (so caches collapse different runs of updates):
 *
 * <ul>
 *   <li>time windows: each record that is on time for a window (its end plus grace not yet
 *       reached by the largest timestamp seen before or with it) is assigned by brute force to
 *       every window containing it;
 *   <li>sessions: the on-time records (not more than grace behind the largest timestamp seen)
 *       sorted by time and split where the gap is exceeded;
 *   <li>emit on close: exactly one result per window and key, for exactly the windows closed at
 *       the end, equal to the reference.
 * </ul>
 * Late records are thereby shown never to change a closed window: the reference ignores them.
 */
class WindowedProperties {
  record Rec(String key, int value, long ts) {}

  /** Window identity in the reference models. */
  record W(String key, long start, long end) {
    static W of(Windowed<String> w) {
      return new W(w.key(), w.startMs(), w.endMs());
    }
  }

  record Agg(long count, long sum) {}

  @Provide
  Arbitrary<List<Rec>> records() {
    Arbitrary<String> keys = Arbitraries.of("a", "b", "c");
    Arbitrary<Integer> values = Arbitraries.integers().between(-20, 20);
    Arbitrary<Long> times = Arbitraries.longs().between(0, 120);
    return Combinators.combine(keys, values, times).as(Rec::new).list().ofMaxSize(50);
  }

  @Provide
  Arbitrary<Long> cacheSizes() {
    return Arbitraries.of(0L, 400L, 1L << 20);
  }

  private static StreamsConfig config(long cache) {
    return StreamsConfig.builder("windowed-props")
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.Integer())
        .cacheMaxBytes(cache)
        .build();
  }

  // ------------------------------------------------------------------ reference models

  static Map<W, Agg> timeWindowReference(List<Rec> recs, long size, long advance, long grace) {
    Map<W, Agg> out = new TreeMap<>(Comparator.comparing(W::key).thenComparingLong(W::start));
    long streamTime = -1;
    for (Rec r : recs) {
      streamTime = Math.max(streamTime, r.ts());
      // every window [s, s + size) with s a multiple of advance, s >= 0, containing r.ts
      for (long s = 0; s <= r.ts(); s += advance) {
        if (s + size > r.ts() && s + size + grace > streamTime) {
          W w = new W(r.key(), s, s + size);
          Agg a = out.getOrDefault(w, new Agg(0, 0));
          out.put(w, new Agg(a.count() + 1, a.sum() + r.value()));
        }
      }
    }
    return out;
  }

  static Map<W, Agg> sessionReference(List<Rec> recs, long gap, long grace) {
    long streamTime = -1;
    Map<String, List<Rec>> onTime = new TreeMap<>();
    for (Rec r : recs) {
      streamTime = Math.max(streamTime, r.ts());
      if (r.ts() >= streamTime - grace) {
        onTime.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
      }
    }
    Map<W, Agg> out = new HashMap<>();
    onTime.forEach((key, list) -> {
      list.sort(Comparator.comparingLong(Rec::ts));
      long start = -1;
      long end = -1;
      long count = 0;
      long sum = 0;
      for (Rec r : list) {
        if (count > 0 && r.ts() - end > gap) {
          out.put(new W(key, start, end), new Agg(count, sum));
          count = 0;
          sum = 0;
        }
        if (count == 0) {
          start = r.ts();
        }
        end = r.ts();
        count++;
        sum += r.value();
      }
      if (count > 0) {
        out.put(new W(key, start, end), new Agg(count, sum));
      }
    });
    return out;
  }

  /**
   * Sliding windows by definition: for every on-time record at t the window starting at t - diff,
   * and the one starting at t + 1 if an on-time record lies in [t + 1, t + 1 + diff]; each holds
   * the on-time records within [start, start + diff].
   */
  static Map<W, Agg> slidingReference(List<Rec> recs, long diff, long grace) {
    long streamTime = -1;
    List<Rec> onTime = new ArrayList<>();
    for (Rec r : recs) {
      streamTime = Math.max(streamTime, r.ts());
      if (r.ts() + grace >= streamTime) {
        onTime.add(r);
      }
    }
    Map<W, Agg> out = new HashMap<>();
    for (Rec r : onTime) {
      List<Long> starts = new ArrayList<>(List.of(r.ts() - diff));
      if (onTime.stream().anyMatch(o -> o.key().equals(r.key()) && o.ts() > r.ts()
          && o.ts() <= r.ts() + 1 + diff)) {
        starts.add(r.ts() + 1);
      }
      for (long s : starts) {
        long count = 0;
        long sum = 0;
        for (Rec o : onTime) {
          if (o.key().equals(r.key()) && o.ts() >= s && o.ts() <= s + diff) {
            count++;
            sum += o.value();
          }
        }
        out.put(new W(r.key(), s, s + diff), new Agg(count, sum));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ running the topology

  /**
   * Count and sum of each window as a table read from the two output topics; sessions if {@code
   * session}, sliding windows if also {@code advance < 0}, else time windows.
   */
  private static Map<W, Agg> run(List<Rec> recs, int batch, long cache, boolean session,
      long sizeOrGap, long advance, long grace, EmitStrategy emit, List<W> emittedOut) {
    StreamsBuilder b = new StreamsBuilder();
    KGroupedStream<String, Integer> g = b.<String, Integer>stream("in").groupByKey();
    if (session && advance < 0) {
      var w = g.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(sizeOrGap),
          Duration.ofMillis(grace))).emitStrategy(emit);
      w.count().toStream().to("count", Produced.with(null, Serdes.Long()));
      w.aggregate(() -> 0L, (k, v, a) -> a + v, Materialized.with(null, Serdes.Long()))
          .toStream().to("sum", Produced.with(null, Serdes.Long()));
    } else if (session) {
      var w = g.windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(sizeOrGap),
          Duration.ofMillis(grace))).emitStrategy(emit);
      w.count().toStream().to("count", Produced.with(null, Serdes.Long()));
      w.aggregate(() -> 0L, (k, v, a) -> a + v, (k, x, y) -> x + y,
              Materialized.with(null, Serdes.Long()))
          .toStream().to("sum", Produced.with(null, Serdes.Long()));
    } else {
      var w = g.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(sizeOrGap),
          Duration.ofMillis(grace)).advanceBy(Duration.ofMillis(advance))).emitStrategy(emit);
      w.count().toStream().to("count", Produced.with(null, Serdes.Long()));
      w.aggregate(() -> 0L, (k, v, a) -> a + v, Materialized.with(null, Serdes.Long()))
          .toStream().to("sum", Produced.with(null, Serdes.Long()));
    }
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(cache))) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      for (int i = 0; i < recs.size(); i += batch) {
        in.pipeRecordList(recs.subList(i, Math.min(recs.size(), i + batch)).stream()
            .map(r -> new TestRecord<>(r.key(), r.value(), r.ts(), List.of())).toList());
      }
      Map<W, Long> counts = table(d, "count", emittedOut);
      Map<W, Long> sums = table(d, "sum", null);
      assertEquals(counts.keySet(), sums.keySet(), "count and sum tables cover the same windows");
      Map<W, Agg> out = new HashMap<>();
      counts.forEach((w, c) -> out.put(w, new Agg(c, sums.get(w))));
      return out;
    }
  }

  private static Map<W, Long> table(TopologyTestDriver d, String topic, List<W> emitted) {
    Map<W, Long> t = new HashMap<>();
    d.createOutputTopic(topic, WindowedSerdes.windowed(Serdes.String()).deserializer(),
        Serdes.Long().deserializer()).readKeyValuesToList().forEach(kv -> {
          W w = W.of(kv.key());
          if (emitted != null) {
            emitted.add(w);
          }
          if (kv.value() == null) {
            t.remove(w);
          } else {
            t.put(w, kv.value());
          }
        });
    return t;
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 80)
  void timeWindowsEqualTheBruteForceAssignment(@ForAll("records") List<Rec> recs,
      @ForAll @IntRange(min = 1, max = 30) int size, @ForAll @IntRange(min = 1, max = 30) int adv,
      @ForAll @IntRange(min = 0, max = 40) int grace, @ForAll @IntRange(min = 1, max = 8) int batch,
      @ForAll("cacheSizes") long cache) {
    long advance = Math.min(adv, size);
    Map<W, Agg> expected = timeWindowReference(recs, size, advance, grace);
    assertEquals(new HashMap<>(expected), run(recs, batch, cache, false, size, advance, grace,
        EmitStrategy.onWindowUpdate(), null));
  }

  @Property(tries = 80)
  void sessionsEqualTheReferenceSessionization(@ForAll("records") List<Rec> recs,
      @ForAll @IntRange(min = 1, max = 15) int gap, @ForAll @IntRange(min = 0, max = 40) int grace,
      @ForAll @IntRange(min = 1, max = 8) int batch, @ForAll("cacheSizes") long cache) {
    assertEquals(sessionReference(recs, gap, grace),
        run(recs, batch, cache, true, gap, 0, grace, EmitStrategy.onWindowUpdate(), null));
  }

  @Property(tries = 80)
  void slidingWindowsEqualTheDefinition(@ForAll("records") List<Rec> recs,
      @ForAll @IntRange(min = 1, max = 25) int diff, @ForAll @IntRange(min = 0, max = 40) int grace,
      @ForAll @IntRange(min = 1, max = 8) int batch, @ForAll("cacheSizes") long cache) {
    assertEquals(slidingReference(recs, diff, grace),
        run(recs, batch, cache, true, diff, -1, grace, EmitStrategy.onWindowUpdate(), null));
  }

  @Property(tries = 40)
  void slidingEmitOnCloseEmitsEachClosedWindowOnce(@ForAll("records") List<Rec> recs,
      @ForAll @IntRange(min = 1, max = 25) int diff, @ForAll @IntRange(min = 0, max = 20) int grace,
      @ForAll @IntRange(min = 1, max = 8) int batch, @ForAll("cacheSizes") long cache) {
    long streamTime = recs.stream().mapToLong(Rec::ts).max().orElse(-1);
    Map<W, Agg> closed = new HashMap<>();
    slidingReference(recs, diff, grace).forEach((w, a) -> {
      if (w.end() + grace < streamTime) {
        closed.put(w, a);
      }
    });
    List<W> emitted = new ArrayList<>();
    assertEquals(closed, run(recs, batch, cache, true, diff, -1, grace,
        EmitStrategy.onWindowClose(), emitted));
    assertEquals(closed.size(), emitted.size(), "one result per window and key: " + emitted);
  }

  @Property(tries = 60)
  void emitOnCloseEmitsEachClosedWindowOnceWithItsFinalResult(@ForAll("records") List<Rec> recs,
      @ForAll boolean session, @ForAll @IntRange(min = 1, max = 20) int size,
      @ForAll @IntRange(min = 1, max = 20) int adv, @ForAll @IntRange(min = 0, max = 20) int grace,
      @ForAll @IntRange(min = 1, max = 8) int batch, @ForAll("cacheSizes") long cache) {
    long advance = Math.min(adv, size);
    long streamTime = recs.stream().mapToLong(Rec::ts).max().orElse(-1);
    Map<W, Agg> all = session ? sessionReference(recs, size, grace)
        : timeWindowReference(recs, size, advance, grace);
    Map<W, Agg> closed = new HashMap<>();
    all.forEach((w, a) -> {
      long closeAt = session ? w.end() + size + grace + 1 : w.end() + grace;
      if (closeAt <= streamTime) {
        closed.put(w, a);
      }
    });
    List<W> emitted = new ArrayList<>();
    Map<W, Agg> actual = run(recs, batch, cache, session, size, advance, grace,
        EmitStrategy.onWindowClose(), emitted);
    assertEquals(closed, actual);
    assertEquals(closed.size(), emitted.size(), "one result per window and key: " + emitted);
  }
}
