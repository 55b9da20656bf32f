package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.Header;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.KGroupedStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.TimeWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.kstream.WindowedSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A count's outputs against a reference: its value {@code n} for a key (and window) was made by
 * the n-th input record of that key (and window), so the output must carry exactly that record's
 * headers, whatever the cache does; without a cache there is one output per input.
 */
class HeadersProperties {
  private static final Serde<String> S = Serdes.String();
  private static final Serde<Long> L = Serdes.Long();
  private static final long WINDOW_MS = 10;

  record Input(String key, long timeStep, List<Header> headers, int batch) {}

  @Provide
  Arbitrary<List<Input>> inputs() {
    Arbitrary<Header> header = Combinators.combine(Arbitraries.of("x", "y", "trace"),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(4).injectNull(0.2))
        .as(Header::new);
    return Combinators.combine(Arbitraries.of("a", "b", "c", "d"),
            Arbitraries.longs().between(0, 4), header.list().ofMaxSize(2),
            Arbitraries.integers().between(1, 4))
        .as(Input::new).list().ofMinSize(1).ofMaxSize(40);
  }

  @Provide
  Arbitrary<Long> cacheBytes() {
    return Arbitraries.of(0L, 300L, StreamsConfig.DEFAULT_CACHE_MAX_BYTES);
  }

  @Property(tries = 60)
  void everyCountOutputCarriesTheHeadersOfTheRecordThatMadeIt(@ForAll("inputs") List<Input> inputs,
      @ForAll("cacheBytes") long cacheBytes, @ForAll boolean storeCaching,
      @ForAll boolean windowed) {
    StreamsBuilder b = new StreamsBuilder();
    KGroupedStream<String, String> grouped = b.stream("in", Consumed.with(S, S)).groupByKey();
    Materialized<String, Long> m = Materialized.with(S, L);
    if (!storeCaching) {
      m = m.withCachingDisabled();
    }
    if (windowed) {
      grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(WINDOW_MS))).count(m)
          .toStream().to("out", Produced.with(WindowedSerdes.windowed(S), L));
    } else {
      grouped.count(m).toStream().to("out", Produced.with(S, L));
    }
    StreamsConfig config = StreamsConfig.builder("headers-properties").cacheMaxBytes(cacheBytes)
        .build();

    // the reference: the headers of each group's records, in order
    Map<String, List<List<Header>>> byGroup = new HashMap<>();
    List<TestRecord<String, String>> records = new ArrayList<>();
    long time = 0;
    for (Input i : inputs) {
      time += i.timeStep();
      records.add(new TestRecord<>(i.key(), "v", time, i.headers()));
      byGroup.computeIfAbsent(group(i.key(), windowed ? time / WINDOW_MS * WINDOW_MS : -1),
          g -> new ArrayList<>()).add(i.headers());
    }

    List<String> outGroups = new ArrayList<>();
    List<Long> outValues = new ArrayList<>();
    List<List<Header>> outHeaders = new ArrayList<>();
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config)) {
      TestInputTopic<String, String> in = d.createInputTopic("in", S.serializer(),
          S.serializer());
      for (int from = 0; from < records.size(); ) {
        int to = Math.min(records.size(), from + inputs.get(from).batch());
        in.pipeRecordList(records.subList(from, to));
        from = to;
      }
      if (windowed) {
        for (TestRecord<Windowed<String>, Long> r : d.createOutputTopic("out",
            WindowedSerdes.windowed(S).deserializer(), L.deserializer()).readRecordsToList()) {
          outGroups.add(group(r.key().key(), r.key().startMs()));
          outValues.add(r.value());
          outHeaders.add(r.headers());
        }
      } else {
        for (TestRecord<String, Long> r : d.createOutputTopic("out", S.deserializer(),
            L.deserializer()).readRecordsToList()) {
          outGroups.add(group(r.key(), -1));
          outValues.add(r.value());
          outHeaders.add(r.headers());
        }
      }
    }

    for (int i = 0; i < outGroups.size(); i++) {
      List<List<Header>> causes = byGroup.get(outGroups.get(i));
      long n = outValues.get(i);
      assertTrue(causes != null && n >= 1 && n <= causes.size(),
          "output " + outGroups.get(i) + "=" + n + " has no causing input");
      assertEquals(causes.get((int) n - 1), outHeaders.get(i),
          "headers of output " + outGroups.get(i) + "=" + n);
    }
    if (!storeCaching || cacheBytes == 0) {
      assertEquals(inputs.size(), outGroups.size(), "one output per input without a cache");
    }
  }

  private static String group(String key, long windowStart) {
    return key + "@" + windowStart;
  }
}
