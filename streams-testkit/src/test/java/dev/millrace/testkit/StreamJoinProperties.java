package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.StreamJoined;
import dev.millrace.streams.kstream.ValueJoiner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Windowed stream-stream joins through the driver against a brute-force reference over random
 * input on both sides: random keys (some null), some null values, timestamps out of order (within
 * the grace period and beyond it), random before / after (negative ones included) and grace.
 *
 * <p>The reference replays the input once, keeping stream time (the largest timestamp of the
 * non-null records so far) to decide which records are late (more than grace behind). Among the
 * on-time records every pair with equal keys and {@code right.ts - left.ts in [-before, after]} is
 * a join result, due when the later of the two arrives. For a left (outer) join, a left (or right)
 * record without any partner gets exactly one null-partner result, due in the step where stream
 * time first passes its timestamp plus after (before) plus grace; one with a partner never gets
 * one. The driver's output, read after every batch of input, must equal the reference's output
 * due in that batch, as a multiset, and null-partner results of one step come in timestamp order.
 */
class StreamJoinProperties {
  enum Kind { INNER, LEFT, OUTER }

  /** One input record; {@code key} or {@code value} may be null. */
  record Ev(boolean left, String key, boolean nullValue, long ts) {}

  record Win(long before, long after, long grace) {
    JoinWindows windows() {
      // a wide window first, so that no intermediate window is empty
      return JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(100), Duration.ofMillis(grace))
          .before(Duration.ofMillis(before)).after(Duration.ofMillis(after));
    }
  }

  @Provide
  Arbitrary<List<Ev>> events() {
    Arbitrary<String> keys = Arbitraries.of("a", "b", "c").injectNull(0.05);
    Arbitrary<Boolean> nullValues = Arbitraries.integers().between(0, 29).map(n -> n == 0);
    Arbitrary<Long> times = Arbitraries.longs().between(0, 100);
    return Combinators.combine(Arbitraries.of(true, false), keys, nullValues, times).as(Ev::new)
        .list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<Win> windows() {
    Arbitrary<Long> side = Arbitraries.longs().between(-6, 25);
    return Combinators.combine(side, side, Arbitraries.longs().between(0, 20))
        .as(Win::new).filter(w -> w.before() + w.after() >= 0);
  }

  @Provide
  Arbitrary<Long> cacheSizes() {
    return Arbitraries.of(0L, 400L, 1L << 20);
  }

  private static StreamsConfig config(long cache) {
    return StreamsConfig.builder("join-props")
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.String())
        .cacheMaxBytes(cache)
        .build();
  }

  private static String value(List<Ev> events, int i) {
    return events.get(i).nullValue() ? null : (events.get(i).left() ? "L" : "R") + i;
  }

  private static final ValueJoiner<String, String, String> JOINER =
      (l, r) -> (l == null ? "-" : l) + "|" + (r == null ? "-" : r);

  // ------------------------------------------------------------------ the reference

  /**
   * The outputs due at each input step, as {@code key=value@ts}. In a self-join every record is on
   * both sides.
   */
  static List<List<String>> reference(List<Ev> events, Win w, Kind kind, boolean self) {
    List<List<String>> steps = new ArrayList<>();
    List<Integer> onTime = new ArrayList<>();
    java.util.Set<Integer> emitted = new java.util.HashSet<>();
    long streamTime = -1;
    for (int i = 0; i < events.size(); i++) {
      Ev e = events.get(i);
      List<String> out = new ArrayList<>();
      steps.add(out);
      if (e.key() == null || e.nullValue() || e.ts() + w.grace() < streamTime) {
        continue;
      }
      streamTime = Math.max(streamTime, e.ts());
      onTime.add(i);
      for (int j : onTime) {
        // the pairs (left, right) that record i completes
        int[][] pairs = j == i ? new int[][] {{i, i}} : new int[][] {{i, j}, {j, i}};
        for (int[] pair : pairs) {
          Ev l = events.get(pair[0]);
          Ev r = events.get(pair[1]);
          if ((self || (l.left() && !r.left())) && l.key().equals(r.key()) && joins(w, l, r)) {
            out.add(l.key() + "=" + value(events, pair[0]) + "|" + value(events, pair[1]) + "@"
                + Math.max(l.ts(), r.ts()));
          }
        }
      }
      // null-partner results due now, in timestamp order
      List<String[]> due = new ArrayList<>();
      for (int x : onTime) {
        Ev ev = events.get(x);
        for (boolean asLeft : new boolean[] {true, false}) {
          if (emitted.contains(2 * x + (asLeft ? 0 : 1))) {
            continue;
          }
          boolean onSide = self || ev.left() == asLeft;
          boolean tracked = asLeft ? kind != Kind.INNER : kind == Kind.OUTER;
          long look = asLeft ? w.after() : w.before();
          if (onSide && tracked && ev.ts() + look + w.grace() < streamTime
              && !hasPartner(events, onTime, x, asLeft, w, self)) {
            due.add(new String[] {String.format("%05d", ev.ts()), asLeft ? "0" : "1",
                ev.key() + "=" + (asLeft ? value(events, x) + "|-" : "-|" + value(events, x))
                    + "@" + ev.ts()});
            emitted.add(2 * x + (asLeft ? 0 : 1));
          }
        }
      }
      due.sort((a, b) -> (a[0] + a[1]).compareTo(b[0] + b[1]));
      due.forEach(d -> out.add(d[2]));
    }
    return steps;
  }

  /** True if {@code r} (right) is in the window of {@code l} (left). */
  private static boolean joins(Win w, Ev l, Ev r) {
    return r.ts() >= l.ts() - w.before() && r.ts() <= l.ts() + w.after();
  }

  private static boolean hasPartner(List<Ev> events, List<Integer> onTime, int x, boolean asLeft,
      Win w, boolean self) {
    Ev ev = events.get(x);
    for (int j : onTime) {
      Ev o = events.get(j);
      boolean otherSide = self || o.left() != asLeft;
      if (otherSide && o.key().equals(ev.key())
          && (asLeft ? joins(w, ev, o) : joins(w, o, ev))) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ the driver

  /** Pipes the events in batches of consecutive same-side records; outputs read per batch. */
  static List<List<String>> run(List<Ev> events, Win w, Kind kind, boolean self, long cache,
      int batch, List<Integer> batchEnds) {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> left = b.stream("left");
    KStream<String, String> right = self ? left : b.stream("right");
    StreamJoined<String, String, String> joined = StreamJoined.with(null, null, null);
    KStream<String, String> out = switch (kind) {
      case INNER -> left.join(right, JOINER, w.windows(), joined);
      case LEFT -> left.leftJoin(right, JOINER, w.windows(), joined);
      case OUTER -> left.outerJoin(right, JOINER, w.windows(), joined);
    };
    out.to("out");
    List<List<String>> steps = new ArrayList<>();
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(cache))) {
      TestInputTopic<String, String> l = d.createInputTopic("left", Serdes.String().serializer(),
          Serdes.String().serializer());
      TestInputTopic<String, String> r = self ? l : d.createInputTopic("right",
          Serdes.String().serializer(), Serdes.String().serializer());
      TestOutputTopic<String, String> o = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.String().deserializer());
      int i = 0;
      while (i < events.size()) {
        boolean side = self || events.get(i).left();
        List<TestRecord<String, String>> recs = new ArrayList<>();
        while (i < events.size() && recs.size() < batch
            && (self || events.get(i).left() == side)) {
          recs.add(new TestRecord<>(events.get(i).key(), value(events, i), events.get(i).ts(),
              List.of()));
          i++;
        }
        (side ? l : r).pipeRecordList(recs);
        batchEnds.add(i);
        steps.add(o.readRecordsToList().stream()
            .map(t -> t.key() + "=" + t.value() + "@" + t.timestamp()).toList());
      }
    }
    return steps;
  }

  private static void check(List<Ev> events, Win w, Kind kind, boolean self, long cache,
      int batch) {
    List<List<String>> expectedSteps = reference(events, w, kind, self);
    List<Integer> ends = new ArrayList<>();
    List<List<String>> actual = run(events, w, kind, self, cache, batch, ends);
    int from = 0;
    for (int s = 0; s < actual.size(); s++) {
      List<String> expected = new ArrayList<>();
      for (int i = from; i < ends.get(s); i++) {
        expected.addAll(expectedSteps.get(i));
      }
      String where = "input " + from + ".." + (ends.get(s) - 1) + " of " + events + " with "
          + w + " " + kind;
      assertEquals(sorted(expected), sorted(actual.get(s)), where);
      if (ends.get(s) - from == 1) {
        long last = Long.MIN_VALUE;
        for (String x : actual.get(s)) {
          if (x.contains("-")) {
            long ts = Long.parseLong(x.substring(x.lastIndexOf('@') + 1));
            assertTrue(ts >= last, "null-partner results in timestamp order: " + actual.get(s)
                + " at " + where);
            last = ts;
          }
        }
      }
      from = ends.get(s);
    }
  }

  private static List<String> sorted(List<String> l) {
    List<String> c = new ArrayList<>(l);
    c.sort(null);
    return c;
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 150)
  void joinsEqualTheBruteForceReference(@ForAll("events") List<Ev> events,
      @ForAll("windows") Win w, @ForAll Kind kind, @ForAll("cacheSizes") long cache,
      @ForAll @IntRange(min = 1, max = 4) int batch) {
    check(events, w, kind, false, cache, batch);
  }

  @Property(tries = 60)
  void selfJoinsEqualTheBruteForceReference(@ForAll("events") List<Ev> events,
      @ForAll("windows") Win w, @ForAll Kind kind, @ForAll("cacheSizes") long cache) {
    check(events, w, kind, true, cache, 1);
  }
}
