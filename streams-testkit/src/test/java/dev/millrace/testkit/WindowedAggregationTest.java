package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.ErrorHandler;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.SessionWindows;
import dev.millrace.streams.kstream.TimeWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.kstream.WindowedSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Windowed aggregations by example: the cases their Javadoc describes. */
class WindowedAggregationTest {
  private static StreamsConfig config() {
    return StreamsConfig.builder("windows")
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.Integer())
        .build();
  }

  private static Map<String, Long> asMap(List<KeyValue<Windowed<String>, Long>> out) {
    Map<String, Long> m = new TreeMap<>();
    for (KeyValue<Windowed<String>, Long> kv : out) {
      String k = kv.key().key() + "@" + kv.key().startMs() + "/" + kv.key().endMs();
      if (kv.value() == null) {
        m.remove(k);
      } else {
        m.put(k, kv.value());
      }
    }
    return m;
  }

  private static TestOutputTopic<Windowed<String>, Long> out(TopologyTestDriver d) {
    return d.createOutputTopic("out",
        WindowedSerdes.windowed(Serdes.String()).deserializer(), Serdes.Long().deserializer());
  }

  @Test
  void tumblingCountsPerWindowAndDropsLateRecords() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("in").groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
        .count().toStream().to("out", Produced.with(null, Serdes.Long()));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 3);
      in.pipeInput("a", 1, 7);
      in.pipeInput("a", 1, 12);
      in.pipeInput("a", 1, 5); // window [0,10) closed at stream time 12
      assertEquals(Map.of("a@0/10", 2L, "a@10/20", 1L), asMap(out(d).readKeyValuesToList()));
      assertEquals(1, d.metrics().recordsSkipped());
    }
  }

  @Test
  void graceKeepsAWindowOpenAfterItsEnd() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("in").groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
        .count().toStream().to("out", Produced.with(null, Serdes.Long()));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 3);
      in.pipeInput("a", 1, 14);
      in.pipeInput("a", 1, 5); // 14 < 10 + 5: still open
      in.pipeInput("a", 1, 15);
      in.pipeInput("a", 1, 6); // 15 >= 10 + 5: closed
      assertEquals(Map.of("a@0/10", 2L, "a@10/20", 2L), asMap(out(d).readKeyValuesToList()));
      assertEquals(1, d.metrics().recordsSkipped());
    }
  }

  @Test
  void hoppingWindowsCountARecordInEveryWindowContainingIt() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("in").groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10))
            .advanceBy(Duration.ofMillis(5)))
        .reduce(Integer::sum).toStream()
        .to("out", Produced.with(WindowedSerdes.windowed(Serdes.String()), Serdes.Integer()));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 7);
      in.pipeInput("a", 10, 12);
      Map<String, Integer> m = new TreeMap<>();
      d.createOutputTopic("out", WindowedSerdes.windowed(Serdes.String()).deserializer(),
              Serdes.Integer().deserializer()).readKeyValuesToList()
          .forEach(kv -> m.put(kv.key().startMs() + "/" + kv.key().endMs(), kv.value()));
      assertEquals(Map.of("0/10", 1, "5/15", 11, "10/20", 10), m);
    }
  }

  @Test
  void sessionsMergeWhenARecordBridgesTheGap() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("in").groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(5),
            Duration.ofMillis(100)))
        .count().toStream().to("out", Produced.with(null, Serdes.Long()));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 1);
      in.pipeInput("a", 1, 4);
      in.pipeInput("a", 1, 20);
      TestOutputTopic<Windowed<String>, Long> out = out(d);
      assertEquals(Map.of("a@1/4", 2L, "a@20/20", 1L), asMap(out.readKeyValuesToList()));
      in.pipeInput("a", 1, 9);
      in.pipeInput("a", 1, 15);
      in.pipeInput("a", 1, 12);
      List<KeyValue<Windowed<String>, Long>> all = out.readKeyValuesToList();
      Map<String, Long> m = new TreeMap<>(Map.of("a@1/4", 2L, "a@20/20", 1L));
      for (KeyValue<Windowed<String>, Long> kv : all) {
        String k = kv.key().key() + "@" + kv.key().startMs() + "/" + kv.key().endMs();
        if (kv.value() == null) {
          m.remove(k);
        } else {
          m.put(k, kv.value());
        }
      }
      assertEquals(Map.of("a@1/20", 6L), m);
    }
  }

  @Test
  void emitOnCloseSendsOneFinalResultPerWindow() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("in").groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(2)))
        .emitStrategy(EmitStrategy.onWindowClose())
        .count().toStream().to("out", Produced.with(null, Serdes.Long()));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      TestOutputTopic<Windowed<String>, Long> out = out(d);
      in.pipeInput("a", 1, 1);
      in.pipeInput("b", 1, 2);
      in.pipeInput("a", 1, 11);
      assertTrue(out.isEmpty(), "nothing closed yet");
      in.pipeInput("a", 1, 12); // stream time 12 = end 10 + grace 2
      List<TestRecord<Windowed<String>, Long>> records = out.readRecordsToList();
      assertEquals(2, records.size());
      assertEquals(Map.of("a@0/10", 1L, "b@0/10", 1L), asMap(records.stream()
          .map(r -> KeyValue.pair(r.key(), r.value())).toList()));
      assertEquals(9, records.get(0).timestamp());
      in.pipeInput("a", 1, 30);
      assertEquals(List.of(KeyValue.pair(new Windowed<>("a", 10, 20), 2L)),
          out.readKeyValuesToList());
    }
  }

  @Test
  void aFullEmitBufferFailsOrEmitsEarly() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("in").groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
        .emitStrategy(EmitStrategy.onWindowClose(2, EmitStrategy.WhenFull.EMIT_EARLY))
        .count().toStream().to("out", Produced.with(null, Serdes.Long()));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 1);
      in.pipeInput("b", 1, 1);
      assertTrue(out(d).isEmpty());
      in.pipeInput("c", 1, 1);
      assertEquals(List.of(KeyValue.pair(new Windowed<>("a", 0, 10), 1L)),
          out(d).readKeyValuesToList());
    }
    StreamsBuilder f = new StreamsBuilder();
    f.<String, Integer>stream("in").groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
        .emitStrategy(EmitStrategy.onWindowClose(2, EmitStrategy.WhenFull.FAIL))
        .count(Materialized.as("counts")).toStream().to("out", Produced.with(null, Serdes.Long()));
    try (TopologyTestDriver d = new TopologyTestDriver(f.build(), config())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 1);
      in.pipeInput("b", 1, 1);
      RuntimeException e = assertThrows(RuntimeException.class, () -> in.pipeInput("c", 1, 1));
      assertTrue(e.getMessage().contains("counts") && e.getMessage().contains("3 open windows"),
          e.getMessage());
    }
  }

  @Test
  void retentionShorterThanSizePlusGraceIsRefused() {
    StreamsBuilder b = new StreamsBuilder();
    TopologyException e = assertThrows(TopologyException.class, () ->
        b.<String, Integer>stream("in").groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
            .count(Materialized.<String, Long>as("w").withRetention(Duration.ofMillis(14))));
    assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("15 ms"),
        e.getMessage());
  }

  @Test
  void aTimestampExtractorWindowsByEventTimeAndSendsNegativeTimesToTheErrorHandler() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.Long())
            .withTimestampExtractor((k, eventTime, logTime) -> eventTime == null ? -1 : eventTime))
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
        .count().toStream().to("out", Produced.with(null, Serdes.Long()));
    StreamsConfig config = config().toBuilder()
        .deserializationErrorHandler(ErrorHandler.logAndContinue()).build();
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config)) {
      TestInputTopic<String, Long> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Long().serializer());
      in.pipeInput("a", 3L, 1000); // the log timestamp is ignored
      in.pipeInput("a", 14L, 0);
      in.pipeInput("a", -5L, 5);
      assertEquals(Map.of("a@0/10", 1L, "a@10/20", 1L), asMap(out(d).readKeyValuesToList()));
      assertEquals(1, d.metrics().recordsSkipped());
    }
  }

  @Test
  void windowsExpireAfterTheirRetention() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("in").groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
        .count(Materialized.<String, Long>as("w").withRetention(Duration.ofMillis(20)));
    StreamsConfig noCache = config().toBuilder().cacheMaxBytes(0).build();
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), noCache)) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 5);
      in.pipeInput("a", 1, 15); // the store's time is its largest window start: 10
      var store = d.<Windowed<String>, Long>getKeyValueStore("w");
      assertEquals(1L, store.get(new Windowed<>("a", 0, 10)), "still within retention");
      in.pipeInput("a", 1, 100);
      assertEquals(null, store.get(new Windowed<>("a", 0, 10)), "expired");
      assertEquals(1L, store.get(new Windowed<>("a", 100, 110)));
    }
  }
}
