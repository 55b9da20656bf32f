package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.Log;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same random input gives the same final results whatever the partition count, thread count,
 * cache size and commit interval, and across a restart in the middle; through the real
 * {@link Streams} on an in-memory log.
 */
class StreamsMatrixTest {
  private static final String APP = "matrix";
  private static final int RECORDS = 3000;

  static Stream<Arguments> matrix() {
    List<Arguments> args = new ArrayList<>();
    for (int partitions : new int[] {1, 4}) {
      for (int threads : new int[] {1, 3}) {
        for (long cache : new long[] {0, 1 << 20}) {
          for (int commitMs : new int[] {2, 300}) {
            for (ProcessingGuarantee guarantee : ProcessingGuarantee.values()) {
              args.add(Arguments.of(partitions, threads, cache, commitMs, guarantee));
            }
          }
        }
      }
    }
    return args.stream();
  }

  /** orders: customer -> amount. */
  static Topology topology() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, Long> orders = b.stream("orders", Consumed.with(Serdes.String(),
        Serdes.Long()));
    orders.groupByKey().reduce(Long::sum, Materialized.as("spend")).toStream()
        .to("spend-out", Produced.with(Serdes.String(), Serdes.Long()));
    orders.groupBy((c, a) -> "bucket-" + (a % 5), Grouped.with(Serdes.String(), Serdes.Long()))
        .count(Materialized.as("buckets")).toStream()
        .to("buckets-out", Produced.with(Serdes.String(), Serdes.Long()));
    // latest order per customer, then regrouped by its bucket: table groupBy with retractions
    orders.toTable(Materialized.as("latest"))
        .groupBy((c, a) -> KeyValue.pair("bucket-" + (a % 5), a),
            Grouped.with(Serdes.String(), Serdes.Long()))
        .reduce(Long::sum, (agg, old) -> agg - old, Materialized.as("latest-by-bucket"))
        .toStream().to("latest-out", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  static List<Map.Entry<String, Long>> input(long seed) {
    Random random = new Random(seed);
    List<Map.Entry<String, Long>> in = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      in.add(new AbstractMap.SimpleEntry<>("c" + random.nextInt(40), (long) random.nextInt(1000)));
    }
    return in;
  }

  record Expected(Map<String, Long> spend, Map<String, Long> buckets, Map<String, Long> latest) {}

  static Expected reference(List<Map.Entry<String, Long>> in) {
    Map<String, Long> spend = new HashMap<>();
    Map<String, Long> buckets = new HashMap<>();
    Map<String, Long> latestPerCustomer = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : in) {
      spend.merge(e.getKey(), e.getValue(), Long::sum);
      buckets.merge("bucket-" + (e.getValue() % 5), 1L, Long::sum);
      latestPerCustomer.put(e.getKey(), e.getValue());
    }
    Map<String, Long> latest = new HashMap<>();
    latestPerCustomer.values().forEach(a -> latest.merge("bucket-" + (a % 5), a, Long::sum));
    return new Expected(spend, buckets, latest);
  }

  static StreamsConfig config(int threads, long cache, int commitMs,
      ProcessingGuarantee guarantee) {
    return StreamsConfig.builder(APP)
        .processingGuarantee(guarantee)
        .numStreamThreads(threads)
        .cacheMaxBytes(cache)
        .commitInterval(Duration.ofMillis(commitMs))
        .maxPollRecords(500)
        .build();
  }

  static Set<String> consumed() {
    return Set.of("orders", APP + "-buckets-repartition", APP + "-latest-by-bucket-repartition");
  }

  static void assertResults(Log log, Expected expected) {
    assertEquals(expected.spend(), RuntimeFixture.readAsTable(log, "spend-out",
        Serdes.String().deserializer(), Serdes.Long().deserializer()));
    assertEquals(expected.buckets(), RuntimeFixture.readAsTable(log, "buckets-out",
        Serdes.String().deserializer(), Serdes.Long().deserializer()));
    Map<String, Long> latest = RuntimeFixture.readAsTable(log, "latest-out",
        Serdes.String().deserializer(), Serdes.Long().deserializer());
    latest.values().removeIf(v -> v == 0);
    assertEquals(expected.latest(), latest);
    // the changelog of a store holds the same table as its output
    assertEquals(expected.spend(), RuntimeFixture.readAsTable(log, APP + "-spend-changelog",
        Serdes.String().deserializer(), Serdes.Long().deserializer()));
  }

  static InMemoryLog logWithTopics(int partitions) {
    return withTopics(InMemoryLog.create(), partitions);
  }

  static <L extends Log> L withTopics(L log, int partitions) {
    log.createTopic("orders", TopicConfig.partitions(partitions));
    for (String t : List.of("spend-out", "buckets-out", "latest-out")) {
      log.createTopic(t, TopicConfig.partitions(partitions));
    }
    return log;
  }

  /** The whole "spend" store through the query view, checking keys come in order. */
  private static Map<String, Long> querySpend(Streams streams) {
    Map<String, Long> queried = new HashMap<>();
    try (var it = streams.<String, Long>store("spend").all()) {
      String previous = "";
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        assertTrue(kv.key().compareTo(previous) > 0, "keys in order across tasks");
        previous = kv.key();
        queried.put(kv.key(), kv.value());
      }
    }
    return queried;
  }

  @ParameterizedTest(name = "partitions={0} threads={1} cache={2} commitMs={3} {4}")
  @MethodSource("matrix")
  void sameResultsForEveryConfiguration(int partitions, int threads, long cache, int commitMs,
      ProcessingGuarantee guarantee) throws Exception {
    List<Map.Entry<String, Long>> in = input(partitions * 1000L + threads * 100L + commitMs);
    try (InMemoryLog log = logWithTopics(partitions)) {
      RuntimeFixture.produce(log, "orders", in, Serdes.String().serializer(),
          Serdes.Long().serializer(), 1000L);
      Streams streams = new Streams(topology(), config(threads, cache, commitMs, guarantee),
          log);
      streams.start();
      RuntimeFixture.awaitCaughtUp(log, APP, consumed(), Duration.ofSeconds(60));
      // Every offset is committed; a store takes each commit's writes just after its offsets
      // become visible, so the query view shows the final state at once or a moment later.
      assertTrue(streams.awaitState(Streams.State.RUNNING, Duration.ofSeconds(30)));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      Map<String, Long> queried = querySpend(streams);
      while (!reference(in).spend().equals(queried) && System.nanoTime() < deadline) {
        Thread.sleep(5);
        queried = querySpend(streams);
      }
      assertEquals(reference(in).spend(), queried);
      assertEquals(reference(in).spend().get("c1"), streams.<String, Long>store("spend").get("c1"));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      assertEquals(Streams.State.NOT_RUNNING, streams.state());
      assertResults(log, reference(in));
      assertEquals(0, streams.metrics().recordsSkipped());
      assertTrue(streams.metrics().recordsProcessed() >= RECORDS);
      StreamsMetrics m = streams.metrics();
      assertTrue(m.commits() > 0);
      assertTrue(m.commitLatencyP50Nanos() > 0 && m.commitLatencyP50Nanos()
          <= m.commitLatencyP99Nanos() && m.commitLatencyP99Nanos() <= m.commitLatencyMaxNanos(),
          m.toString());
    }
  }

  static Stream<Arguments> fileLogMatrix() {
    List<Arguments> args = new ArrayList<>();
    for (int threads : new int[] {1, 3}) {
      for (long cache : new long[] {0, 1 << 20}) {
        for (ProcessingGuarantee guarantee : ProcessingGuarantee.values()) {
          args.add(Arguments.of(threads, cache, guarantee));
        }
      }
    }
    return args.stream();
  }

  /** The same topology on the durable log: transactions, markers and offsets through files. */
  @ParameterizedTest(name = "threads={0} cache={1} {2}")
  @MethodSource("fileLogMatrix")
  void sameResultsOnTheFileLog(int threads, long cache, ProcessingGuarantee guarantee,
      @TempDir Path dir) throws Exception {
    List<Map.Entry<String, Long>> in = input(threads * 31L + cache);
    try (FileLog log = withTopics(FileLog.open(dir.resolve("log")), 4)) {
      RuntimeFixture.produce(log, "orders", in, Serdes.String().serializer(),
          Serdes.Long().serializer(), 1000L);
      StreamsConfig config = config(threads, cache, 20, guarantee).toBuilder()
          .stateDir(dir.resolve("state")).build();
      Streams streams = new Streams(topology(), config, log);
      streams.start();
      RuntimeFixture.awaitCaughtUp(log, APP, consumed(), Duration.ofSeconds(60));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      assertResults(log, reference(in));
    }
  }

  @ParameterizedTest(name = "partitions={0} threads={1} cache={2} commitMs={3} {4}")
  @MethodSource("matrix")
  void restartInTheMiddleLosesNothing(int partitions, int threads, long cache, int commitMs,
      ProcessingGuarantee guarantee) throws Exception {
    if (threads == 3 && commitMs == 2) {
      return; // the matrix above covers it; keep the suite short
    }
    List<Map.Entry<String, Long>> in = input(7L * partitions + threads + cache + commitMs);
    try (InMemoryLog log = logWithTopics(partitions)) {
      RuntimeFixture.produce(log, "orders", in.subList(0, RECORDS / 2),
          Serdes.String().serializer(), Serdes.Long().serializer(), 1000L);
      Streams first = new Streams(topology(), config(threads, cache, commitMs, guarantee), log);
      first.start();
      // stop after some, not all, of the input: close commits what was processed
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (first.metrics().recordsProcessed() < RECORDS / 8 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertTrue(first.close(Duration.ofSeconds(30)));
      RuntimeFixture.produce(log, "orders", in.subList(RECORDS / 2, RECORDS),
          Serdes.String().serializer(), Serdes.Long().serializer(), 2000L);
      Streams second = new Streams(topology(), config(threads, cache, commitMs, guarantee),
          log);
      second.start();
      RuntimeFixture.awaitCaughtUp(log, APP, consumed(), Duration.ofSeconds(60));
      assertTrue(second.close(Duration.ofSeconds(30)));
      assertResults(log, reference(in));
    }
  }
}
