package dev.millrace.examples.joins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.Partitioner;
import dev.millrace.examples.TestFiles;
import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.Streams;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.StreamJoined;
import dev.millrace.testkit.TestInputTopic;
import dev.millrace.testkit.TestOutputTopic;
import dev.millrace.testkit.TopologyTestDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Windowed left and outer joins on RocksDB and in-memory buffers give the same output as the
 * reference, across a restart (RocksDB reuses its files, in-memory stores are rebuilt from their
 * changelogs). Here, not in streams-testkit, because this module has the RocksDB engine.
 */
class AdClickJoinStoresTest {
  private static final String APP = "ad-click-stores";
  private static final int PARTITIONS = 2;
  private static final int PER_SIDE = 300;
  private static final long SPAN = 5_000;
  private static final long WINDOW = 100;

  record Rec(String key, String value, long ts) {}

  static Stream<Arguments> matrix() {
    List<Arguments> args = new ArrayList<>();
    for (StoreType type : StoreType.values()) {
      for (boolean outer : new boolean[] {false, true}) {
        args.add(Arguments.of(type, outer));
      }
    }
    return args.stream();
  }

  private static Topology topology(StoreType type, boolean outer) {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions",
        Consumed.with(Serdes.String(), Serdes.String()));
    KStream<String, String> clicks = b.stream("clicks",
        Consumed.with(Serdes.String(), Serdes.String()));
    JoinWindows windows = JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(WINDOW),
        Duration.ofMillis(SPAN));
    StreamJoined<String, String, String> joined =
        StreamJoined.<String, String, String>as("ad-clicks").withStoreType(type);
    (outer ? impressions.outerJoin(clicks, AdClickJoinStoresTest::show, windows, joined)
        : impressions.leftJoin(clicks, AdClickJoinStoresTest::show, windows, joined))
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    return b.build();
  }

  private static String show(String impression, String click) {
    return (impression == null ? "-" : impression) + "|" + (click == null ? "-" : click);
  }

  private static List<Rec> input(String prefix, Random random, int n) {
    List<Rec> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Rec("ad" + random.nextInt(25), prefix + i, random.nextLong(SPAN)));
    }
    return out;
  }

  private static Map<String, Integer> reference(List<Rec> impressions, List<Rec> clicks,
      boolean outer) {
    Map<String, Integer> out = new HashMap<>();
    for (Rec i : impressions) {
      List<Rec> partners = clicks.stream().filter(c -> c.key().equals(i.key())
          && Math.abs(c.ts() - i.ts()) <= WINDOW).toList();
      partners.forEach(c -> out.merge(i.key() + "=" + show(i.value(), c.value()), 1,
          Integer::sum));
      if (partners.isEmpty()) {
        out.merge(i.key() + "=" + show(i.value(), null), 1, Integer::sum);
      }
    }
    if (outer) {
      for (Rec c : clicks) {
        if (impressions.stream().noneMatch(i -> i.key().equals(c.key())
            && Math.abs(c.ts() - i.ts()) <= WINDOW)) {
          out.merge(c.key() + "=" + show(null, c.value()), 1, Integer::sum);
        }
      }
    }
    return out;
  }

  private static void produce(InMemoryLog log, String topic, List<Rec> recs) {
    for (Rec r : recs) {
      byte[] k = Serdes.String().serializer().serialize(topic, r.key());
      log.append(new TopicPartition(topic, Partitioner.keyHashPartition(k, PARTITIONS)),
          List.of(LogRecord.of(k, Serdes.String().serializer().serialize(topic, r.value()),
              r.ts())));
    }
  }

  private static void awaitCaughtUp(InMemoryLog log) throws InterruptedException {
    List<TopicPartition> tps = new ArrayList<>();
    for (String t : List.of("impressions", "clicks")) {
      for (int p = 0; p < PARTITIONS; p++) {
        tps.add(new TopicPartition(t, p));
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<TopicPartition, Long> committed = log.committedOffsets(APP, tps);
      if (tps.stream().allMatch(tp -> committed.getOrDefault(tp, 0L) >= log.endOffset(tp))) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "did not catch up: " + committed);
      Thread.sleep(5);
    }
  }

  @ParameterizedTest(name = "{0} outer={1}")
  @MethodSource("matrix")
  void sameJoinResultsOnEveryStoreTypeAcrossARestart(StoreType type, boolean outer)
      throws Exception {
    Random random = new Random(type.ordinal() * 2L + (outer ? 1 : 0));
    List<Rec> impressions = input("i", random, PER_SIDE);
    List<Rec> clicks = input("c", random, PER_SIDE);
    Path stateDir = Files.createTempDirectory("ad-click-stores-");
    StreamsConfig config = StreamsConfig.builder(APP)
        .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
        .commitInterval(Duration.ofMillis(20))
        .maxPollRecords(40)
        .stateDir(stateDir)
        .build();
    try (InMemoryLog log = InMemoryLog.create()) {
      for (String t : List.of("impressions", "clicks", "out")) {
        log.createTopic(t, TopicConfig.partitions(PARTITIONS));
      }
      produce(log, "impressions", impressions.subList(0, PER_SIDE / 2));
      produce(log, "clicks", clicks.subList(0, PER_SIDE / 2));
      Streams first = new Streams(topology(type, outer), config, log);
      first.start();
      awaitCaughtUp(log);
      assertTrue(first.close(Duration.ofSeconds(30)));
      if (type == StoreType.PERSISTENT) {
        assertTrue(Files.isDirectory(stateDir.resolve(APP).resolve("0_0")
            .resolve("ad-clicks-this-join-store")), "RocksDB files of the left buffer");
      }

      produce(log, "impressions", impressions.subList(PER_SIDE / 2, PER_SIDE));
      produce(log, "clicks", clicks.subList(PER_SIDE / 2, PER_SIDE));
      Streams second = new Streams(topology(type, outer), config, log);
      second.start();
      awaitCaughtUp(log);
      // far-future clicks on a key of each partition close every window
      List<Rec> end = new ArrayList<>();
      for (int k = 0; end.size() < PARTITIONS; k++) {
        String key = "end" + k;
        int p = Partitioner.keyHashPartition(Serdes.String().serializer().serialize("c", key),
            PARTITIONS);
        if (end.stream().noneMatch(r -> r.value().equals("p" + p))) {
          end.add(new Rec(key, "p" + p, 1_000_000));
        }
      }
      produce(log, "clicks", end);
      awaitCaughtUp(log);
      assertTrue(second.close(Duration.ofSeconds(30)));

      Map<String, Integer> actual = new HashMap<>();
      List<TopicPartition> out = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        out.add(new TopicPartition("out", p));
      }
      for (StoredRecord r : TestFiles.readCommitted(log, out)) {
        actual.merge(Serdes.String().deserializer().deserialize("out", r.key()) + "="
            + Serdes.String().deserializer().deserialize("out", r.value()), 1, Integer::sum);
      }
      assertEquals(reference(impressions, clicks, outer), actual);
    } finally {
      TestFiles.deleteTree(stateDir);
    }
  }

  @Test
  void theTestDriverJoinsOnRocksDb() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions");
    impressions.leftJoin(b.stream("clicks"), AdClickJoinStoresTest::show,
            JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(10)),
            StreamJoined.<String, String, String>as("disk").withStoreType(StoreType.PERSISTENT))
        .to("out");
    Topology t = b.build();
    assertTrue(t.describe().contains("Store: disk-this-join-store (caching: on, changelog: on,"
        + " type: PERSISTENT)"), t.describe());
    StreamsConfig config = StreamsConfig.builder("driver-rocks")
        .defaultKeySerde(Serdes.String()).defaultValueSerde(Serdes.String()).build();
    try (TopologyTestDriver d = new TopologyTestDriver(t, config)) {
      TestInputTopic<String, String> imp = d.createInputTopic("impressions",
          Serdes.String().serializer(), Serdes.String().serializer());
      TestInputTopic<String, String> clk = d.createInputTopic("clicks",
          Serdes.String().serializer(), Serdes.String().serializer());
      TestOutputTopic<String, String> o = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.String().deserializer());
      long min = 60_000;
      imp.pipeInput("ad1", "i1", 0);
      imp.pipeInput("ad2", "i2", min);
      clk.pipeInput("ad1", "c1", 3 * min);
      clk.pipeInput("ad9", "c9", 30 * min);
      assertEquals(List.of("ad1=i1|c1", "ad2=i2|-"), o.readKeyValuesToList().stream()
          .map(kv -> kv.key() + "=" + kv.value()).toList());
    }
  }
}
