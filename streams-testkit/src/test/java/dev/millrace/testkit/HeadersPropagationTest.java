package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.log.Header;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KGroupedStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.SessionWindows;
import dev.millrace.streams.kstream.SlidingWindows;
import dev.millrace.streams.kstream.Suppressed;
import dev.millrace.streams.kstream.TimeWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.kstream.WindowedSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Outputs of stateful operators carry the headers of the input record that caused them, as in
 * Kafka Streams: each update without a cache, the last record folded into an update with one.
 */
class HeadersPropagationTest {
  private static final Serde<String> S = Serdes.String();
  private static final Serde<Long> L = Serdes.Long();

  static List<Header> h(String id) {
    return List.of(new Header("id", id.getBytes(StandardCharsets.UTF_8)));
  }

  /** The {@code id} header of each record, "-" for none. */
  static <K, V> List<String> ids(List<TestRecord<K, V>> records) {
    List<String> out = new ArrayList<>();
    for (TestRecord<K, V> r : records) {
      out.add(r.headers().isEmpty() ? "-"
          : new String(r.headers().get(0).value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  static <K, V> List<KeyValue<K, V>> pairs(List<TestRecord<K, V>> records) {
    return records.stream().map(r -> KeyValue.pair(r.key(), r.value())).toList();
  }

  private static TestRecord<String, Long> in(String key, long value, long ts, String id) {
    return new TestRecord<>(key, value, ts, id == null ? List.of() : h(id));
  }

  private static TopologyTestDriver driver(StreamsBuilder b) {
    return new TopologyTestDriver(b.build(), StreamsConfig.builder("headers").build());
  }

  enum Aggregation {
    COUNT(g -> g.count(materialized(true))),
    REDUCE(g -> g.reduce(Long::sum, materialized(true))),
    AGGREGATE(g -> g.aggregate(() -> 0L, (k, v, agg) -> agg + 1, materialized(true))),
    COUNT_UNCACHED(g -> g.count(materialized(false))),
    REDUCE_UNCACHED(g -> g.reduce(Long::sum, materialized(false))),
    AGGREGATE_UNCACHED(g -> g.aggregate(() -> 0L, (k, v, agg) -> agg + 1, materialized(false)));

    final Function<KGroupedStream<String, Long>, KTable<String, Long>> apply;

    Aggregation(Function<KGroupedStream<String, Long>, KTable<String, Long>> apply) {
      this.apply = apply;
    }

    boolean cached() {
      return !name().endsWith("UNCACHED");
    }

    static Materialized<String, Long> materialized(boolean cached) {
      Materialized<String, Long> m = Materialized.with(S, L);
      return cached ? m : m.withCachingDisabled();
    }
  }

  @ParameterizedTest
  @EnumSource(Aggregation.class)
  void aggregationsForwardTheHeadersOfTheLastRecordFoldedIn(Aggregation aggregation) {
    StreamsBuilder b = new StreamsBuilder();
    aggregation.apply.apply(b.stream("in", Consumed.with(S, L)).groupByKey())
        .toStream().to("out", Produced.with(S, L));
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, Long> in = d.createInputTopic("in", S.serializer(), L.serializer());
      TestOutputTopic<String, Long> out = d.createOutputTopic("out", S.deserializer(),
          L.deserializer());
      // one batch: a cache collapses the updates of a key between two commits
      in.pipeRecordList(List.of(in("a", 1, 1, "1"), in("a", 1, 2, "2"), in("b", 1, 3, "3"),
          in("a", 1, 4, "4"), in("b", 1, 5, null)));
      List<TestRecord<String, Long>> outs = out.readRecordsToList();
      if (aggregation.cached()) {
        assertEquals(List.of(KeyValue.pair("a", 3L), KeyValue.pair("b", 2L)), pairs(outs));
        assertEquals(List.of("4", "-"), ids(outs));
      } else {
        assertEquals(List.of(KeyValue.pair("a", 1L), KeyValue.pair("a", 2L),
            KeyValue.pair("b", 1L), KeyValue.pair("a", 3L), KeyValue.pair("b", 2L)), pairs(outs));
        assertEquals(List.of("1", "2", "3", "4", "-"), ids(outs));
      }
      // a later update of a key without headers does not inherit those of an earlier one
      in.pipeInput(in("a", 1, 6, null));
      in.pipeInput(in("b", 1, 7, "7"));
      outs = out.readRecordsToList();
      assertEquals(List.of(KeyValue.pair("a", 4L), KeyValue.pair("b", 3L)), pairs(outs));
      assertEquals(List.of("-", "7"), ids(outs));
    }
  }

  @Test
  void tableUpdatesCarryTheHeadersOfTheUpdatingRecord() {
    for (boolean cached : new boolean[] {true, false}) {
      StreamsBuilder b = new StreamsBuilder();
      Materialized<String, Long> m = Materialized.<String, Long>as("t").withKeySerde(S)
          .withValueSerde(L);
      b.table("in", Consumed.with(S, L), cached ? m : m.withCachingDisabled())
          .filter((k, v) -> v > 0)
          .mapValues(v -> v * 10)
          .toStream().to("out", Produced.with(S, L));
      try (TopologyTestDriver d = driver(b)) {
        TestInputTopic<String, Long> in = d.createInputTopic("in", S.serializer(),
            L.serializer());
        TestOutputTopic<String, Long> out = d.createOutputTopic("out", S.deserializer(),
            L.deserializer());
        in.pipeRecordList(List.of(in("a", 1, 1, "1"), in("a", 2, 2, "2"), in("b", 3, 3, "3")));
        List<TestRecord<String, Long>> outs = out.readRecordsToList();
        assertEquals(cached ? List.of("2", "3") : List.of("1", "2", "3"), ids(outs), "cached "
            + cached);
        in.pipeInput(new TestRecord<>("a", null, 4, h("del")));
        outs = out.readRecordsToList();
        assertEquals(List.of(KeyValue.pair("a", (Long) null)), pairs(outs));
        assertEquals(List.of("del"), ids(outs));
      }
    }
  }

  @Test
  void aTableAggregationForwardsTheUpdatingRowsHeadersThroughTheRepartition() {
    // the payroll shape: employee -> (department, salary), summed per department
    StreamsBuilder b = new StreamsBuilder();
    b.table("in", Consumed.with(S, S), Materialized.<String, String>with(S, S)
            .withCachingDisabled())
        .groupBy((employee, v) -> KeyValue.pair(v.split(",")[0], Long.parseLong(v.split(",")[1])),
            Grouped.with(S, L))
        .reduce(Long::sum, (total, removed) -> total - removed,
            Materialized.<String, Long>with(S, L).withCachingDisabled())
        .toStream().to("out", Produced.with(S, L));
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, String> in = d.createInputTopic("in", S.serializer(),
          S.serializer());
      TestOutputTopic<String, Long> out = d.createOutputTopic("out", S.deserializer(),
          L.deserializer());
      in.pipeInput(new TestRecord<>("ann", "eng,10", 1, h("1")));
      in.pipeInput(new TestRecord<>("bob", "eng,5", 2, h("2")));
      assertEquals(List.of("1", "2"), ids(out.readRecordsToList()));
      // ann moves: her old department loses her salary, the new one gains it, both caused by her
      in.pipeInput(new TestRecord<>("ann", "ops,20", 3, h("3")));
      List<TestRecord<String, Long>> outs = out.readRecordsToList();
      assertEquals(List.of(KeyValue.pair("eng", 5L), KeyValue.pair("ops", 20L)), pairs(outs));
      assertEquals(List.of("3", "3"), ids(outs));
    }
  }

  private static TestOutputTopic<Windowed<String>, Long> windowedOut(TopologyTestDriver d) {
    return d.createOutputTopic("out", WindowedSerdes.windowed(S).deserializer(),
        L.deserializer());
  }

  @Test
  void windowedAggregationsForwardTheHeadersOfTheLastRecordInTheWindow() {
    for (boolean cached : new boolean[] {true, false}) {
      StreamsBuilder b = new StreamsBuilder();
      Materialized<String, Long> m = Materialized.with(S, L);
      b.stream("in", Consumed.with(S, L)).groupByKey()
          .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
          .count(cached ? m : m.withCachingDisabled())
          .toStream().to("out", Produced.with(WindowedSerdes.windowed(S), L));
      try (TopologyTestDriver d = driver(b)) {
        TestInputTopic<String, Long> in = d.createInputTopic("in", S.serializer(),
            L.serializer());
        in.pipeRecordList(List.of(in("a", 1, 1, "1"), in("a", 1, 5, "5"), in("a", 1, 12, "12")));
        List<TestRecord<Windowed<String>, Long>> outs = windowedOut(d).readRecordsToList();
        assertEquals(cached ? List.of("5", "12") : List.of("1", "5", "12"), ids(outs),
            "cached " + cached);
      }
    }
  }

  @Test
  void finalWindowResultsCarryTheHeadersOfTheRecordThatClosedTheWindow() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(S, L)).groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
        .emitStrategy(EmitStrategy.onWindowClose())
        .count(Materialized.with(S, L))
        .toStream().to("out", Produced.with(WindowedSerdes.windowed(S), L));
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, Long> in = d.createInputTopic("in", S.serializer(), L.serializer());
      in.pipeInput(in("a", 1, 1, "1"));
      in.pipeInput(in("a", 1, 5, "5"));
      in.pipeInput(in("b", 1, 10, "closer"));
      List<TestRecord<Windowed<String>, Long>> outs = windowedOut(d).readRecordsToList();
      assertEquals(List.of(KeyValue.pair(new Windowed<>("a", 0, 10), 2L)), pairs(outs));
      assertEquals(List.of("closer"), ids(outs));
    }
  }

  @Test
  void sessionMergesForwardTheHeadersOfTheMergingRecord() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(S, L)).groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(5),
            Duration.ofMillis(10)))
        .count(Materialized.<String, Long>with(S, L).withCachingDisabled())
        .toStream().to("out", Produced.with(WindowedSerdes.windowed(S), L));
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, Long> in = d.createInputTopic("in", S.serializer(), L.serializer());
      TestOutputTopic<Windowed<String>, Long> out = windowedOut(d);
      in.pipeInput(in("a", 1, 1, "1"));
      in.pipeInput(in("a", 1, 10, "10"));
      assertEquals(List.of("1", "10"), ids(out.readRecordsToList()));
      // bridges both sessions: two deletions and the merged session, all caused by this record
      in.pipeInput(in("a", 1, 6, "bridge"));
      List<TestRecord<Windowed<String>, Long>> outs = out.readRecordsToList();
      assertEquals(3, outs.size(), outs.toString());
      assertEquals(List.of("bridge", "bridge", "bridge"), ids(outs));
      assertEquals(KeyValue.pair(new Windowed<>("a", 1, 10), 3L), pairs(outs).get(2));
    }
  }

  @Test
  void slidingWindowsForwardTheHeadersOfTheRecordThatChangedThem() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(S, L)).groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(5)))
        .count(Materialized.<String, Long>with(S, L).withCachingDisabled())
        .toStream().to("out", Produced.with(WindowedSerdes.windowed(S), L));
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, Long> in = d.createInputTopic("in", S.serializer(), L.serializer());
      TestOutputTopic<Windowed<String>, Long> out = windowedOut(d);
      in.pipeInput(in("a", 1, 10, "10"));
      assertEquals(List.of("10"), ids(out.readRecordsToList()));
      in.pipeInput(in("a", 1, 12, "12"));
      List<TestRecord<Windowed<String>, Long>> outs = out.readRecordsToList();
      assertEquals(2, outs.size(), outs.toString());
      assertEquals(List.of("12", "12"), ids(outs));
    }
  }

  @Test
  void suppressedUpdatesCarryTheHeadersOfTheLastUpdateOfTheirKey() {
    StreamsBuilder b = new StreamsBuilder();
    b.table("in", Consumed.with(S, L), Materialized.<String, Long>as("t").withKeySerde(S)
            .withValueSerde(L).withCachingDisabled())
        .suppress(Suppressed.untilTimeLimit(Duration.ofMillis(10),
            Suppressed.BufferConfig.unbounded()))
        .toStream().to("out", Produced.with(S, L));
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, Long> in = d.createInputTopic("in", S.serializer(), L.serializer());
      TestOutputTopic<String, Long> out = d.createOutputTopic("out", S.deserializer(),
          L.deserializer());
      in.pipeInput(in("a", 1, 0, "1"));
      in.pipeInput(in("b", 1, 1, "b"));
      in.pipeInput(in("a", 2, 4, "2"));
      in.pipeInput(in("c", 1, 11, "c"));
      List<TestRecord<String, Long>> outs = out.readRecordsToList();
      assertEquals(List.of(KeyValue.pair("a", 2L), KeyValue.pair("b", 1L)), pairs(outs));
      assertEquals(List.of("2", "b"), ids(outs));
      // the last update of a key had no headers: the emitted update has none either
      in.pipeInput(in("d", 1, 12, "d"));
      in.pipeInput(in("d", 2, 13, null));
      in.pipeInput(in("e", 1, 30, "e"));
      outs = out.readRecordsToList();
      assertEquals(List.of(KeyValue.pair("c", 1L), KeyValue.pair("d", 2L)), pairs(outs));
      assertEquals(List.of("c", "-"), ids(outs));
    }
  }
}
