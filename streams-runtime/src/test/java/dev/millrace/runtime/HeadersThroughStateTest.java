package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.Partitioner;
import dev.millrace.log.Header;
import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.TimeWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.kstream.WindowedSerdes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * In the running application (threads, partitions, repartition topics, caches flushed at commit,
 * exactly-once), every count output carries the headers of the input record that made it: the
 * n-th record of its key (and window), so each output can be traced to its cause.
 */
class HeadersThroughStateTest {
  private static final int RECORDS = 600;
  private static final int SLICE = 40;
  private static final String[] KEYS = {"a", "b", "c", "d", "e", "f", "g"};
  private static final long WINDOW_MS = 50;

  enum Shape { REPARTITIONED_CACHED_COUNT, UNCACHED_COUNT, WINDOWED_CACHED_COUNT }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyOutputCarriesTheHeadersOfTheRecordThatMadeIt(Shape shape) throws Exception {
    StreamsBuilder b = new StreamsBuilder();
    var grouped = b.stream("in", Consumed.with(Serdes.String(), Serdes.String()));
    switch (shape) {
      // a key-changing grouping: through a repartition topic, each key still from one producer
      case REPARTITIONED_CACHED_COUNT -> grouped
          .groupBy((k, v) -> k.toUpperCase(), Grouped.with(Serdes.String(), Serdes.String()))
          .count(Materialized.with(Serdes.String(), Serdes.Long()))
          .toStream().mapValues(n -> n).to("out", Produced.with(Serdes.String(), Serdes.Long()));
      case UNCACHED_COUNT -> grouped.groupByKey()
          .count(Materialized.with(Serdes.String(), Serdes.Long()).withCachingDisabled())
          .toStream().to("out", Produced.with(Serdes.String(), Serdes.Long()));
      case WINDOWED_CACHED_COUNT -> grouped.groupByKey()
          .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(WINDOW_MS)))
          .count(Materialized.with(Serdes.String(), Serdes.Long()))
          .toStream().map((w, n) -> dev.millrace.streams.KeyValue.pair(
              w.key() + "@" + w.startMs(), n))
          .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    }

    Map<String, List<List<Header>>> causes = new HashMap<>();
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("in", TopicConfig.partitions(3));
      log.createTopic("out", TopicConfig.partitions(2));
      Map<Integer, List<LogRecord>> byPartition = new TreeMap<>();
      for (int i = 0; i < RECORDS; i++) {
        String key = KEYS[(i * 7 + i / 5) % KEYS.length];
        long ts = i;
        // every third record has no headers: its outputs must have none either
        List<Header> headers = i % 3 == 0 ? List.of()
            : List.of(new Header("id", ByteBuffer.allocate(4).putInt(i).array()));
        String group = switch (shape) {
          case REPARTITIONED_CACHED_COUNT -> key.toUpperCase();
          case UNCACHED_COUNT -> key;
          case WINDOWED_CACHED_COUNT -> key + "@" + (ts / WINDOW_MS * WINDOW_MS);
        };
        causes.computeIfAbsent(group, g -> new ArrayList<>()).add(headers);
        byte[] k = Serdes.String().serializer().serialize("in", key);
        byPartition.computeIfAbsent(Partitioner.keyHashPartition(k, 3), p -> new ArrayList<>())
            .add(new LogRecord(k, Serdes.String().serializer().serialize("in", "v"), ts,
                headers));
      }
      StreamsConfig config = StreamsConfig.builder("headers-" + shape.name().toLowerCase())
          .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
          .numStreamThreads(2).commitInterval(Duration.ofMillis(5)).build();
      try (Streams streams = new Streams(b.build(), config, log)) {
        streams.start();
        // appended in slices, each consumed and committed before the next, so that caches are
        // flushed several times per key
        for (int from = 0; from < RECORDS; from += SLICE) {
          for (var e : byPartition.entrySet()) {
            List<LogRecord> recs = e.getValue();
            if (from < recs.size()) {
              log.append(new TopicPartition("in", e.getKey()),
                  recs.subList(from, Math.min(recs.size(), from + SLICE)));
            }
          }
          RuntimeFixture.awaitCaughtUp(log, config.applicationId(), Set.of("in"),
              Duration.ofSeconds(60));
        }
        RuntimeFixture.awaitCaughtUp(log, config.applicationId(), Set.of("in"),
            Duration.ofSeconds(60));
        // then the repartition topic (if any), which the input's commits have filled by now
        RuntimeFixture.awaitCaughtUp(log, config.applicationId(), Set.copyOf(log.listTopics()
            .stream().filter(t -> t.endsWith("-repartition")).toList()), Duration.ofSeconds(60));
        assertTrue(streams.close(Duration.ofSeconds(30)));
      }

      List<StoredRecord> outs = RuntimeFixture.readAll(log, "out");
      Map<String, Long> last = new HashMap<>();
      int withHeaders = 0;
      for (StoredRecord r : outs) {
        String group = Serdes.String().deserializer().deserialize("out", r.key());
        long n = Serdes.Long().deserializer().deserialize("out", r.value());
        List<List<Header>> of = causes.get(group);
        assertTrue(of != null && n >= 1 && n <= of.size(), group + "=" + n);
        assertEquals(of.get((int) n - 1), r.headers(), "headers of " + group + "=" + n);
        withHeaders += r.headers().isEmpty() ? 0 : 1;
        last.merge(group, n, Math::max);
      }
      // every group reached its full count, and the check above was not vacuous
      Map<String, Long> expected = new HashMap<>();
      causes.forEach((g, c) -> expected.put(g, (long) c.size()));
      assertEquals(expected, last);
      assertTrue(withHeaders > 0);
      if (shape == Shape.UNCACHED_COUNT) {
        assertEquals(RECORDS, outs.size());
      }
    }
  }
}
